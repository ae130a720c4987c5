import shutil, yaml, discord, simcord
from bot.config import Settings
from bot import create_bot

async def test_burst(simcord_env):
    env = simcord_env
    guild = env.create_guild()
    ch = guild.create_text_channel("general")
    alice = guild.add_member(env.create_user("alice"))
    for i in range(10):
        r = await alice.slash(ch, "ask", question="who books rooms")
        print(i, r.ephemeral, r.response.content[:80])
    await env.advance_time(61)
    r = await alice.slash(ch, "ask", question="who books rooms")
    print("after", r.response.content[:80])
    for i in range(10):
        await alice.send(ch, f"{env.bot.user.mention} who books rooms")
        print(i, ch.last_message.author, ch.last_message.content[:80], len([m async for m in ch.history()]) if hasattr(ch.history(), '__aiter__') else ch.history())

async def test_pager(tmp_path, bot_factory, monkeypatch):
    d = tmp_path / "roles"
    shutil.copytree("roles", d)
    data = yaml.safe_load((d / "secretary.yaml").read_text())
    for i in range(80):
        data["duties"].append({"id": f"extra-{i}", "source": "lp-secretary", "heading": f"Extra group {i//10}", "text": f"Extra duty number {i} " + "lorem ipsum dolor " * 8})
    (d / "secretary.yaml").write_text(yaml.safe_dump(data))
    monkeypatch.setenv("CATALOGUE_DIR", str(d))
    bot = bot_factory()
    async with simcord.run(bot) as env:
        guild = env.create_guild()
        ch = guild.create_text_channel("general")
        alice = guild.add_member(env.create_user("alice"))
        bob = guild.add_member(env.create_user("bob"))
        r = await alice.slash(ch, "role", name="Secretary", public=True)
        print(r.response.embeds[0].title, r.response.components)
        msg = r.response
        r2 = await alice.click(msg, label="Next")
        print(r2, r2.response and r2.response.embeds[0].title)
        print(ch.last_message.embeds[0].title)
        r3 = await bob.click(msg, label="Next")
        print(r3, r3.ephemeral, r3.response.content)
        await env.advance_time(700)
        r4 = await alice.click(msg, label="Next")
        print(r4, ch.last_message.components)
