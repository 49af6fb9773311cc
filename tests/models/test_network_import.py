from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.network import Neighbourhood, Person, Town, admins_of
from models.network_import import ImportReport, import_network
from tests.models.conftest import TODAY

Data = dict[str, Any]


def _person(data: Data, name: str) -> dict[str, Any]:
    return next(entry for entry in data["person"] if entry["name"] == name)


def _neighbourhood(data: Data, slug: str) -> dict[str, Any]:
    return next(entry for entry in data["neighbourhood"] if entry["slug"] == slug)


def _count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _refused(session: Session, data: Data, message: str) -> ImportReport:
    report = import_network(session, data, today=TODAY)

    assert message in report.errors, report.errors
    assert _count(session, Town) == 0
    assert _count(session, Person) == 0

    return report


def test_katwijk_imports(session: Session, katwijk: Data) -> None:
    report = import_network(session, katwijk, today=TODAY)

    assert report.errors == []
    assert report.warnings == []
    assert report.created == {"town": 3, "neighbourhood": 15, "person": 41}
    assert not report.updated
    assert _count(session, Person) == 41


def test_katwijk_neighbours_are_symmetric(network: Session) -> None:
    neighbourhoods = network.scalars(select(Neighbourhood)).all()

    pairs = {(n.slug, m.slug) for n in neighbourhoods for m in n.neighbours}

    assert pairs == {(m, n) for n, m in pairs}
    assert ("valkenhorst", "dorpsweide") in pairs
    assert len(pairs) == 2 * 20


def test_importing_twice_changes_nothing(network: Session, katwijk: Data) -> None:
    stamps = dict(network.execute(select(Person.phone, Person.updated_at)).all())

    report = import_network(network, katwijk, today=TODAY)
    network.commit()

    assert report.errors == [] and report.warnings == []
    assert not report.created and not report.updated
    assert _count(network, Person) == 41
    assert _count(network, Neighbourhood) == 15
    assert dict(network.execute(select(Person.phone, Person.updated_at)).all()) == (
        stamps
    )


def test_reimport_updates_by_phone(network: Session, katwijk: Data) -> None:
    _person(katwijk, "Kees Varkevisser")["name"] = "Kees Varkevisser-Haasnoot"
    _neighbourhood(katwijk, "valkenhorst")["neighbours"] = ["dorpsweide", "t-duyfrak"]

    report = import_network(network, katwijk, today=TODAY)
    network.commit()

    assert report.updated == {"person": 1, "neighbourhood": 2}
    assert not report.created
    assert _count(network, Person) == 41


def test_reimport_swaps_primary_and_backup(network: Session, katwijk: Data) -> None:
    _person(katwijk, "Joke van der Plas")["role"] = "backup"
    _person(katwijk, "Sanne Guijt")["role"] = "primary"

    report = import_network(network, katwijk, today=TODAY)
    network.commit()

    hoornes = network.scalars(select(Neighbourhood).filter_by(slug="hoornes")).one()
    assert report.updated == {"person": 2}
    assert [p.first_name for p in admins_of(hoornes)] == ["Sanne", "Joke", "Pieter"]


def test_no_invalid_phone(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Joke van der Plas")["phone"] = "06-12"

    _refused(
        session,
        katwijk,
        'person 4 ("Joke van der Plas"): phone "06-12" is not a valid phone number',
    )


def test_no_unknown_kern(session: Session, katwijk: Data) -> None:
    _neighbourhood(katwijk, "hoornes")["kern"] = "Noordwijk"

    _refused(
        session,
        katwijk,
        'neighbourhood 4 ("hoornes"): kern "Noordwijk" is not a listed kern',
    )


def test_no_unknown_neighbour(session: Session, katwijk: Data) -> None:
    _neighbourhood(katwijk, "hoornes")["neighbours"].append("boulevard")

    _refused(
        session,
        katwijk,
        'neighbourhood 4 ("hoornes"): neighbours "boulevard" is not a listed '
        "neighbourhood",
    )


def test_no_bad_delivery(session: Session, katwijk: Data) -> None:
    _neighbourhood(katwijk, "hoornes")["delivery"] = "everyone"

    _refused(
        session,
        katwijk,
        'neighbourhood 4 ("hoornes"): delivery "everyone" must be "members" or '
        '"admins"',
    )


def test_no_bad_role(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Kees Varkevisser")["role"] = "boss"

    _refused(
        session,
        katwijk,
        'person 7 ("Kees Varkevisser"): role "boss" must be one of "member", '
        '"primary", "backup", "coordinator", "police"',
    )


def test_no_member_without_neighbourhood(session: Session, katwijk: Data) -> None:
    del _person(katwijk, "Kees Varkevisser")["neighbourhood"]

    _refused(
        session,
        katwijk,
        'person 7 ("Kees Varkevisser"): neighbourhood is missing for a "member"',
    )


def test_no_unknown_neighbourhood_for_person(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Kees Varkevisser")["neighbourhood"] = "boulevard"

    _refused(
        session,
        katwijk,
        'person 7 ("Kees Varkevisser"): neighbourhood "boulevard" is not a listed '
        "neighbourhood",
    )


def test_no_neighbourhood_for_coordinator(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Willem Schaap")["neighbourhood"] = "hoornes"

    _refused(
        session,
        katwijk,
        'person 3 ("Willem Schaap"): neighbourhood "hoornes" is given, but a '
        '"coordinator" belongs to no neighbourhood',
    )


@pytest.mark.parametrize(
    ("born", "today"),
    [(2010, dt.date(2026, 1, 1)), (2009, dt.date(2025, 12, 31))],
    ids=["sixteen-this-year", "sixteen-last-year"],
)
def test_no_admin_under_17(
    session: Session, katwijk: Data, born: int, today: dt.date
) -> None:
    _person(katwijk, "Sanne Guijt")["born"] = born

    report = import_network(session, katwijk, today=today)

    assert report.errors == [
        f'person 6 ("Sanne Guijt"): born {born} makes them 16 in {today.year}; '
        "an admin must be at least 17"
    ]
    assert _count(session, Person) == 0


def test_admin_of_17_this_year(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Sanne Guijt")["born"] = 2009

    report = import_network(session, katwijk, today=dt.date(2026, 1, 1))

    assert report.ok


def test_no_admin_without_birth_year(session: Session, katwijk: Data) -> None:
    del _person(katwijk, "Sanne Guijt")["born"]

    _refused(
        session,
        katwijk,
        'person 6 ("Sanne Guijt"): born is missing; an admin must be at least 17, '
        "so the year of birth is needed",
    )


def test_no_admin_living_outside(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Joke van der Plas")["address"] = "Zeeweg 3, 2225 BB Katwijk"

    _refused(
        session,
        katwijk,
        'person 4 ("Joke van der Plas"): address postcode "2225BB" lies outside '
        'neighbourhood "hoornes" (2224); an admin lives in their neighbourhood',
    )


def test_member_living_outside_is_a_warning(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Kees Varkevisser")["address"] = "Zeeweg 3, 2225 BB Katwijk"

    report = import_network(session, katwijk, today=TODAY)

    assert report.ok
    assert report.warnings == [
        'person 7 ("Kees Varkevisser"): address postcode "2225BB" lies outside '
        'neighbourhood "hoornes" (2224)'
    ]


def test_no_second_primary(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Sanne Guijt")["role"] = "primary"

    _refused(
        session,
        katwijk,
        'person 6 ("Sanne Guijt"): role "primary" for neighbourhood "hoornes", '
        'which already has person 4 ("Joke van der Plas") as primary',
    )


def test_no_duplicate_phone(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Kees Varkevisser")["phone"] = "+31 6 1234 1001"

    _refused(
        session,
        katwijk,
        'person 7 ("Kees Varkevisser"): phone "+31612341001" is already used by '
        'person 4 ("Joke van der Plas")',
    )


def test_no_new_primary_over_one_outside_the_file(
    network: Session, katwijk: Data
) -> None:
    joke = _person(katwijk, "Joke van der Plas")
    katwijk["person"].remove(joke)
    _person(katwijk, "Sanne Guijt")["role"] = "primary"

    report = import_network(network, katwijk, today=TODAY)

    assert len(report.errors) == 1
    assert report.errors[0].startswith(
        'person 5 ("Sanne Guijt"): role "primary" for neighbourhood "hoornes", '
        "whose primary (person id "
    )


def test_neighbourhood_without_admin_is_a_warning(
    session: Session, katwijk: Data
) -> None:
    katwijk["person"].remove(_person(katwijk, "Bert Heemskerk"))

    report = import_network(session, katwijk, today=TODAY)

    assert report.ok
    assert report.warnings == [
        'neighbourhood "op-den-claver": no primary or backup admin is listed, so '
        "nobody answers for it"
    ]


def test_unknown_field_is_a_warning(session: Session, katwijk: Data) -> None:
    _person(katwijk, "Kees Varkevisser")["adress"] = "Voorbeeldlaan 7"

    report = import_network(session, katwijk, today=TODAY)

    assert report.ok
    assert report.warnings == [
        'person 7 ("Kees Varkevisser"): unknown field "adress" is ignored'
    ]


def test_no_neighbours_as_text(session: Session, katwijk: Data) -> None:
    _neighbourhood(katwijk, "hoornes")["neighbours"] = "zee-centrum"

    _refused(
        session,
        katwijk,
        'neighbourhood 4 ("hoornes"): neighbours must be a list of slugs',
    )
