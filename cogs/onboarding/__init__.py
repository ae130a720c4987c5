"""Officer onboarding in Discord: a package of cogs over :mod:`bot.onboarding`.

- ``admin.py``: ``/onboarding`` (setup, link, unlink, end, links, fallback, progress, export,
  forget-server, resend)
- ``welcomes.py``: welcome DMs on role changes, catch-up after a restart
- ``checklist.py``: ``/checklist``
- ``reminders.py``: the reminder loop (nudges, dated reminders, the new party year)
- ``calendar.py``: ``/calendar``
- ``team.py``: ``/officers`` and ``/handover``; ``handover.py``: handover notes as they are written
- ``privacy.py``: ``/privacy`` and ``/mydata``; ``retention.py``: deleting old and departed data
- ``recovery.py``: failed welcomes sent again (start-up, ``/onboarding resend``, a later fallback)
- ``views.py``: step buttons, "Show my checklist", the setup confirmation
- ``render.py``: the embeds and texts all of these show
"""

from __future__ import annotations

from bot.client import OfficerBot

from .admin import OnboardingAdmin
from .calendar import Calendar
from .checklist import Checklists
from .privacy import Privacy
from .recovery import Recovery
from .reminders import Reminders
from .retention import Retention
from .team import TeamCommands
from .views import DYNAMIC_ITEMS
from .welcomes import Welcomes


async def setup(bot: OfficerBot) -> None:
    welcomes = Welcomes(bot)
    await bot.add_cog(welcomes)
    await bot.add_cog(OnboardingAdmin(bot, welcomes))
    await bot.add_cog(Checklists(bot))
    await bot.add_cog(Reminders(bot))
    await bot.add_cog(TeamCommands(bot))
    await bot.add_cog(Calendar(bot))
    await bot.add_cog(Privacy(bot))
    await bot.add_cog(Retention(bot))
    await bot.add_cog(Recovery(bot, welcomes))
    bot.add_dynamic_items(*DYNAMIC_ITEMS)


async def teardown(bot: OfficerBot) -> None:
    bot.remove_dynamic_items(*DYNAMIC_ITEMS)
