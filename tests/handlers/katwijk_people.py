"""Phone numbers of people in the Katwijk demo network (data/katwijk.toml)."""

POLICE = "+31612340000"
ANJA = "+31612340001"  # coordinator
JOKE = "+31612341001"  # primary, Hoornes
PIETER = "+31612341002"  # backup, Hoornes
SANNE = "+31612341003"  # backup, Hoornes
KEES = "+31612341011"  # member, Hoornes
MARIEKE = "+31612341012"  # member, Hoornes
GERRIT = "+31612342001"  # primary, Katwijk aan Zee Centrum
BRAM = "+31612342011"  # member, Katwijk aan Zee Centrum
DIRK = "+31612343001"  # primary, Rijnsoever
TOM = "+31612343011"  # member, Rijnsoever
COR = "+31612345001"  # primary, Zanderij-Westerbaan (admins relay)
NEL = "+31612345002"  # backup, Zanderij-Westerbaan
JAAP = "+31612351011"  # member, Frederiksoord (Rijnsburg)

HOORNES_ADMINS = {f"whatsapp:{n}" for n in (JOKE, PIETER, SANNE)}
HOORNES_MEMBERS = {
    f"whatsapp:{n}" for n in (KEES, MARIEKE, "+31612341013", "+31612341014")
}

SUSPICIOUS = (
    "Meldkamer: verdachte situatie Voorbeeldlaan 2224 AB Katwijk, man probeert "
    "deurklinken. Signalement: donkere jas, rode fiets."
)
