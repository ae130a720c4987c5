"""The party year of each server: its AGM, what is due when, dated reminders, the new year.

Plain Python over the store, the catalogue and :mod:`bot.calendar`; no Discord. Every view
and every reminder scan is a constant number of statements whatever the number of officers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from .calendar import Due, agm_around, check_agm_date, current, occurrences, reminder_due, window
from .catalogue import Catalogue
from .store import Officer, PeriodKey, Store


@dataclass(frozen=True)
class CalendarEntry:
    """One occurrence of a recurring duty in a server, with the post's holders now."""

    due: Due
    holders: list[Officer]
    done: bool


@dataclass(frozen=True)
class YearItem:
    """A recurring duty as one officer sees it: the current occurrence and whether it is done."""

    due: Due
    done: bool


@dataclass(frozen=True)
class NewYear:
    """A server whose AGM has passed: the records that carry on into the new party year."""

    guild_id: int
    agm: date
    officers: list[Officer]


def _today(now: datetime) -> date:
    return now.astimezone(UTC).date()


class PartyYear:
    """Read and write the party year of each server."""

    def __init__(self, store: Store, catalogue: Catalogue) -> None:
        self.store = store
        self.catalogue = catalogue
        self._dated_scan_day: date | None = None
        self._years: dict[int, tuple[date | None, str | None]] = {}  # AGM dates, read once

    async def load(self) -> None:
        """Read every server's AGM date once (start-up); kept up to date on every change."""
        self._years = await self.store.guild_years()

    async def agm(self, guild_id: int) -> date | None:
        return self._years.get(guild_id, (None, None))[0]

    async def set_agm(self, guild_id: int, text: str, now: datetime) -> date:
        """Record the server's AGM date; ValueError (one line) for a bad or far-off date.

        The new party year of the AGM just set counts as announced if it has already begun,
        so setting a past AGM does not send anyone a "new year" DM.
        """
        agm = check_agm_date(text, _today(now))
        await self.store.set_agm(guild_id, agm, now)
        last, _ = agm_around(agm, _today(now))
        await self.store.set_year_announced(guild_id, last)
        self._years[guild_id] = (agm, last.isoformat())
        return agm

    async def calendar(
        self, guild_id: int, links: Mapping[int, str], now: datetime, post_id: str | None = None
    ) -> tuple[date | None, list[CalendarEntry]]:
        """(the AGM date, what is due) for the linked posts: undone overdue items first, then
        the next HORIZON_DAYS by date, then items without a date (no AGM date yet)."""
        today = _today(now)
        agm = await self.agm(guild_id)
        holders: dict[str, list[Officer]] = {}
        for officer in await self.store.active_officers(guild_id):
            holders.setdefault(officer.post_id, []).append(officer)
        done = await self.store.recurring_done([guild_id])
        entries = []
        for pid in sorted(set(links.values()) if post_id is None else {post_id}):
            post = self.catalogue.get(pid)
            for item in post.recurring if post else []:
                for due in window(occurrences(post, item, agm, today), today):
                    people = holders.get(pid, [])
                    finished = any((o.id, item.id, due.period) in done for o in people)
                    if due.overdue(today) and finished:
                        continue
                    entries.append(CalendarEntry(due, people, finished))
        entries.sort(key=lambda e: (not (e.due.overdue(today) and not e.done), e.due.due or date.max))
        return agm, entries

    async def officer_year(self, officer: Officer, now: datetime) -> list[YearItem]:
        """The officer's recurring duties: each one's current occurrence and whether it is done."""
        return (await self.officer_years([officer], now))[officer.id]

    async def officer_years(self, officers: list[Officer], now: datetime) -> dict[int, list[YearItem]]:
        """:meth:`officer_year` for many records at once (one read whatever their number)."""
        today = _today(now)
        done = await self.store.recurring_done({o.guild_id for o in officers}) if officers else set()
        years: dict[int, list[YearItem]] = {}
        for officer in officers:
            post = self.catalogue.get(officer.post_id)
            agm = await self.agm(officer.guild_id)
            years[officer.id] = [
                YearItem(due, (officer.id, item.id, due.period) in done)
                for item in (post.recurring if post else [])
                for due in [current(post, item, agm, today)]
            ]
        return years

    async def set_done(
        self, officer_id: int, user_id: int, item_id: str, period: str, done: bool, now: datetime
    ) -> Officer | None:
        """The officer marks one period of a recurring duty done (or not); None if not theirs
        or the item is not their post's."""
        officer = await self.store.own_officer(officer_id, user_id)
        post = self.catalogue.get(officer.post_id) if officer else None
        if officer is None or post is None or post.item(item_id) is None:
            return None
        await self.store.set_recurring(officer.id, item_id, period, done, user_id, now)
        return officer

    async def claim_dated_reminders(
        self, guild_ids: Iterable[int], now: datetime, reachable: Callable[[Officer], bool]
    ) -> list[tuple[Officer, Due]]:
        """The dated reminders due today, claimed (one per officer, item and period, in the
        week before the item is due, unless a holder marked it done). Scans once a day; at
        most five statements whatever the number of officers."""
        today = _today(now)
        guilds = sorted(set(guild_ids))
        if not guilds or self._dated_scan_day == today:
            return []
        self._dated_scan_day = today
        officers = await self.store.active_in_guilds(guilds)
        if not officers:
            return []
        years = self._years
        done = await self.store.recurring_done(guilds)
        reminded = await self.store.recurring_reminded(guilds)
        by_post: dict[tuple[int, str], list[Officer]] = {}
        for officer in officers:
            by_post.setdefault((officer.guild_id, officer.post_id), []).append(officer)
        wanted: dict[PeriodKey, tuple[Officer, Due]] = {}
        for (guild_id, post_id), holders in by_post.items():
            post = self.catalogue.get(post_id)
            agm = years.get(guild_id, (None, None))[0]
            for item in post.recurring if post else []:
                for due in occurrences(post, item, agm, today):
                    if not reminder_due(due, today):
                        continue
                    if any((o.id, item.id, due.period) in done for o in holders):
                        continue
                    for officer in holders:
                        key = (officer.id, item.id, due.period)
                        if key not in reminded and _wants_reminders(officer, now) and reachable(officer):
                            wanted[key] = (officer, due)
        claimed = await self.store.claim_recurring_reminders(wanted, now)
        return [wanted[key] for key in sorted(claimed)]

    async def new_years(self, guild_ids: Iterable[int], now: datetime) -> list[NewYear]:
        """Servers whose AGM has passed since it was last announced, with the records that
        carry on into the new party year (held since before the AGM); marked as announced."""
        today = _today(now)
        found = []
        for guild_id in guild_ids:
            agm, announced = self._years.get(guild_id, (None, None))
            last, _ = agm_around(agm, today)
            if last is None or announced == last.isoformat():
                continue
            await self.store.set_year_announced(guild_id, last)
            self._years[guild_id] = (agm, last.isoformat())
            start = datetime.combine(last, time.min, tzinfo=UTC)
            found.append(NewYear(guild_id, last, await self.store.active_started_before(guild_id, start)))
        return found


def _wants_reminders(officer: Officer, now: datetime) -> bool:
    return not officer.reminders_off and (officer.snoozed_until is None or officer.snoozed_until <= now)
