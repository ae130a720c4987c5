"""Which role names /onboarding setup proposes as posts: exact names only."""

from __future__ import annotations

import pytest

from bot.catalogue import load_catalogue
from bot.role_names import RoleNames

NAMES = RoleNames(load_catalogue())


@pytest.mark.parametrize(
    ("role_name", "post_id"),
    [
        ("Treasurer", "treasurer"),
        ("CLP Treasurer", "treasurer"),
        ("constituency treasurer", "treasurer"),
        ("💷 Treasurer 💷", "treasurer"),
        ("Tresurer", "treasurer"),  # one typo in a long word
        ("Treasruer", "treasurer"),  # two letters swapped
        ("CLP-Secretary", "secretary"),
        ("Women's Officer", "womens-officer"),
        ("Womens Officer", "womens-officer"),
        ("TULO", "trade-union-liaison-officer"),
        ("Vice-Chair (Membership)", "vice-chair-membership"),
        ("Vice Chair", "vice-chair"),
        ("Campaign Co-ordinator", "campaign-coordinator"),
    ],
)
def test_a_posts_name_is_proposed(role_name: str, post_id: str) -> None:
    assert NAMES.post_for(role_name) == post_id


@pytest.mark.parametrize(
    "role_name",
    [
        "Branch Secretary",
        "Ward 1 Chair",
        "Former Chair",
        "Ex-Treasurer",
        "Treasurer (outgoing)",
        "Assistant Treasurer",
        "Social Secretary",
        "Youth Chair",
        "Chairs",  # a typo is allowed only in words of six letters or more
        "Membership Officer",  # the name of two posts
        "Members",
        "",
        "🌹",
        "CLP",
    ],
)
def test_a_qualified_or_other_name_is_never_proposed(role_name: str) -> None:
    assert NAMES.post_for(role_name) is None
