"""Onboarding (placeholder)."""


async def setup(bot) -> None:
    pass
