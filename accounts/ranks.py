"""Golongan/ruang with pangkat for PNS, and golongan I–XVII for PPPK."""

from django.utils.translation import gettext_lazy as _

PNS_PANGKAT = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

PPPK_GOLONGAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip

RANK_CHOICES = [
    (_("PNS"), [(code, f"{pangkat} ({code})") for code, pangkat in PNS_PANGKAT.items()]),
    (_("PPPK"), [(f"PPPK-{code}", f"Golongan {code}") for code in PPPK_GOLONGAN]),
]


def rank_fits(asn_type: str, rank: str) -> bool:
    if not rank:
        return True
    if asn_type == "PNS":
        return rank in PNS_PANGKAT
    return rank.removeprefix("PPPK-") in PPPK_GOLONGAN and rank.startswith("PPPK-")


def rank_label(rank: str) -> str:
    """How the rank is printed: "Penata Muda, III/a" or "Golongan IX"."""
    if rank in PNS_PANGKAT:
        return f"{PNS_PANGKAT[rank]}, {rank}"
    if rank.startswith("PPPK-"):
        return f"Golongan {rank.removeprefix('PPPK-')}"
    return rank
