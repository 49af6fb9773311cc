from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.network import (
    Neighbourhood,
    Person,
    Town,
    admins_of,
    coordinators,
    find_neighbourhood,
    members_of,
    neighbourhoods_for_postcode,
    person_by_address,
    police,
    town_neighbourhoods,
)


def _slug(session: Session, slug: str) -> Neighbourhood:
    return session.scalars(
        select(Neighbourhood).where(Neighbourhood.slug == slug)
    ).one()


@pytest.mark.parametrize(
    ("postcode", "slug"),
    [
        ("2231 GA", "frederiksoord"),
        ("2231 AB", "cappelrijeland"),
        ("2231KA", "domineeswei"),
        ("2223XB", "aan-den-rijn"),
        ("2223 AB", "schutterswei"),
        ("2224AB", "hoornes"),
        ("2224 ab", "hoornes"),
        ("2235 BC", "t-duyfrak"),
        ("2235 CA", "dorpsweide"),
        ("9999 ZZ", None),
    ],
    ids=[
        "longer-prefix",
        "shorter-prefix",
        "second-prefix",
        "letter-prefix-over-digits",
        "digits-only",
        "no-space",
        "lower-case",
        "valkenburg-letter",
        "valkenburg-digits",
        "outside",
    ],
)
def test_postcode_picks_longest_prefix(
    network: Session, postcode: str, slug: str | None
) -> None:
    found = neighbourhoods_for_postcode(network, postcode)

    assert [n.slug for n in found] == ([slug] if slug else [])


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("'t Duyfrak", "t-duyfrak"),
        ("t-duyfrak", "t-duyfrak"),
        ("T DUYFRAK", "t-duyfrak"),
        ("  't duyfrak ", "t-duyfrak"),
        ("Katwijk aan Zee Centrum", "zee-centrum"),
        ("ZEE-CENTRUM", "zee-centrum"),
        ("Frédériksoord", "frederiksoord"),
        ("Op den Claver", "op-den-claver"),
    ],
    ids=[
        "name",
        "slug",
        "upper",
        "spaces",
        "long-name",
        "upper-slug",
        "accents",
        "spaced-name",
    ],
)
def test_find_neighbourhood(network: Session, text: str, slug: str) -> None:
    found = find_neighbourhood(network, text)

    assert found is not None
    assert found.slug == slug


@pytest.mark.parametrize("text", ["Leiden", "", "---"], ids=str)
def test_no_neighbourhood_for_unknown_text(network: Session, text: str) -> None:
    assert find_neighbourhood(network, text) is None


def test_admins_primary_first(network: Session) -> None:
    hoornes = _slug(network, "hoornes")

    names = [person.name for person in admins_of(hoornes)]

    assert names == ["Joke van der Plas", "Pieter Haasnoot", "Sanne Guijt"]


def test_members_without_admins(network: Session) -> None:
    hoornes = _slug(network, "hoornes")

    members = members_of(hoornes)

    assert len(members) == 4
    assert {person.role for person in members} == {"member"}


def test_no_left_member_among_members(network: Session) -> None:
    hoornes = _slug(network, "hoornes")
    members_of(hoornes)[0].status = "left"

    assert len(members_of(hoornes)) == 3


def test_coordinators_and_police(network: Session) -> None:
    assert [p.first_name for p in coordinators(network)] == ["Anja", "Willem"]
    assert [p.name for p in police(network)] == ["Meldkamer Den Haag"]


def test_town_neighbourhoods(network: Session) -> None:
    rijnsburg = network.scalars(select(Town).where(Town.name == "Rijnsburg")).one()

    slugs = [n.slug for n in town_neighbourhoods(rijnsburg)]

    assert slugs == ["cappelrijeland", "domineeswei", "frederiksoord", "op-den-claver"]


def test_person_by_address(network: Session) -> None:
    person = person_by_address(network, "whatsapp:+31612341001")

    assert person is not None
    assert person.name == "Joke van der Plas"
    assert person.postcode == "2224AA"
    assert person.house_number == "1"
    assert person.created_at.tzinfo is not None
    assert person_by_address(network, "whatsapp:NL.1502576394655843") is None


def test_set_neighbours_keeps_symmetry(network: Session) -> None:
    valkenhorst = _slug(network, "valkenhorst")
    dorpsweide = _slug(network, "dorpsweide")
    duyfrak = _slug(network, "t-duyfrak")

    valkenhorst.set_neighbours([duyfrak])
    network.commit()
    network.expire_all()

    assert [n.slug for n in valkenhorst.neighbours] == ["t-duyfrak"]
    assert valkenhorst in duyfrak.neighbours
    assert valkenhorst not in dorpsweide.neighbours


def test_no_second_primary_in_database(network: Session) -> None:
    hoornes = _slug(network, "hoornes")
    admins_of(hoornes)[1].role = "primary"

    with pytest.raises(IntegrityError):
        network.flush()


def test_no_neighbourhood_for_coordinator_in_database(network: Session) -> None:
    coordinator = coordinators(network)[0]
    coordinator.neighbourhood = _slug(network, "hoornes")

    with pytest.raises(IntegrityError):
        network.flush()


def test_no_member_without_neighbourhood_in_database(network: Session) -> None:
    network.add(Person(name="Zonder Buurt", whatsapp_address="whatsapp:+31600000000"))

    with pytest.raises(IntegrityError):
        network.flush()
