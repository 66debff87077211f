"""Name pools for demo clients and staff: Flemish names from Faker ``nl_BE`` plus a realistic
mix of names of migrant origin (written in Latin script, as in the national register)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

# Origin code -> (male first names, female first names, last names).
MIGRANT_NAMEN: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "ma": (
        (
            "Mohamed",
            "Youssef",
            "Ayoub",
            "Bilal",
            "Hamza",
            "Ilias",
            "Anas",
            "Mehdi",
            "Karim",
            "Rachid",
            "Mustafa",
            "Adam",
            "Soufiane",
            "Nabil",
            "Samir",
        ),
        (
            "Fatima",
            "Khadija",
            "Nora",
            "Salma",
            "Imane",
            "Yasmina",
            "Hanane",
            "Soumaya",
            "Malika",
            "Amal",
            "Sara",
            "Loubna",
            "Nadia",
            "Houda",
            "Ikram",
        ),
        (
            "El Amrani",
            "Bouzid",
            "El Idrissi",
            "Benali",
            "Azzouzi",
            "Ouali",
            "Amrani",
            "El Khattabi",
            "Boukhari",
            "Tahiri",
            "El Hamdaoui",
            "Bakkali",
            "Chakir",
            "Ziani",
            "El Mokhtari",
            "Haddouchi",
            "Aouragh",
            "Bouhouch",
        ),
    ),
    "tr": (
        ("Mehmet", "Emre", "Burak", "Murat", "Hakan", "Kerem", "Yusuf", "Ömer", "Serkan"),
        ("Elif", "Zeynep", "Ayşe", "Merve", "Büşra", "Fatma", "Emine", "Derya", "Esra"),
        (
            "Yılmaz",
            "Demir",
            "Kaya",
            "Şahin",
            "Çelik",
            "Öztürk",
            "Aydın",
            "Arslan",
            "Doğan",
            "Kılıç",
            "Koç",
            "Polat",
        ),
    ),
    "ua": (
        (
            "Oleksandr",
            "Andrii",
            "Dmytro",
            "Serhii",
            "Mykola",
            "Volodymyr",
            "Ivan",
            "Yurii",
            "Maksym",
            "Bohdan",
            "Vitalii",
            "Artem",
        ),
        (
            "Olena",
            "Iryna",
            "Oksana",
            "Tetiana",
            "Nataliia",
            "Yuliia",
            "Svitlana",
            "Kateryna",
            "Anastasiia",
            "Viktoriia",
            "Halyna",
            "Mariia",
            "Liudmyla",
            "Alina",
        ),
        (
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Melnyk",
            "Boiko",
            "Oliinyk",
            "Koval",
            "Polishchuk",
            "Lysenko",
            "Marchenko",
            "Rudenko",
            "Savchenko",
            "Moroz",
            "Pavlenko",
            "Kovalchuk",
            "Levchenko",
        ),
    ),
    "af_sy": (
        (
            "Ahmad",
            "Mohammad",
            "Omar",
            "Ali",
            "Hassan",
            "Rahim",
            "Mustafa",
            "Khaled",
            "Jamal",
            "Farid",
            "Hussein",
            "Tariq",
        ),
        (
            "Zahra",
            "Maryam",
            "Layla",
            "Amina",
            "Fatemeh",
            "Rasha",
            "Hiba",
            "Nour",
            "Shirin",
            "Hawa",
            "Lina",
        ),
        (
            "Ahmadi",
            "Rahimi",
            "Hosseini",
            "Karimi",
            "Haidari",
            "Al-Hassan",
            "Al-Khalil",
            "Haddad",
            "Nasser",
            "Sultani",
            "Noori",
            "Al-Ahmad",
            "Jafari",
            "Sharifi",
            "Mansour",
        ),
    ),
    "er_so": (
        ("Yonas", "Dawit", "Tesfay", "Abdi", "Mohamud", "Samuel", "Filmon", "Mehari"),
        ("Semhar", "Mulu", "Hodan", "Saba", "Helen", "Luwam", "Asha", "Ruth"),
        (
            "Tesfamariam",
            "Gebremedhin",
            "Haile",
            "Berhe",
            "Abdullahi",
            "Warsame",
            "Tekle",
            "Ghebre",
            "Yusuf",
            "Kidane",
        ),
    ),
    "cd": (
        ("Jean-Pierre", "Patrick", "Christian", "Junior", "Héritier", "Glody", "Dieudonné"),
        ("Grace", "Divine", "Mireille", "Chancelle", "Ornella", "Sarah", "Merveille"),
        (
            "Mbuyi",
            "Kabongo",
            "Ilunga",
            "Tshibangu",
            "Mukendi",
            "Lukusa",
            "Kalonji",
            "Mbala",
            "Nzuzi",
            "Makiese",
        ),
    ),
    "eu_oost": (
        ("Piotr", "Tomasz", "Andrei", "Ionuț", "Mihai", "Georgi", "Ivan", "Marek", "Florin"),
        ("Anna", "Katarzyna", "Elena", "Ioana", "Maria", "Agnieszka", "Daniela", "Petya"),
        (
            "Kowalski",
            "Nowak",
            "Popescu",
            "Ionescu",
            "Dimitrov",
            "Georgiev",
            "Popa",
            "Wiśniewski",
            "Stoica",
            "Petrov",
            "Lewandowski",
        ),
    ),
}


@dataclass(frozen=True)
class NaamPool:
    """Pre-drawn Faker names (drawing from lists is much faster than calling Faker per row)."""

    mannen: tuple[str, ...]
    vrouwen: tuple[str, ...]
    achternamen: tuple[str, ...]
    straten: tuple[str, ...]
    bedrijven: tuple[str, ...]

    def naam(self, rng: random.Random, *, herkomst: str, geslacht: str) -> tuple[str, str]:
        if herkomst in MIGRANT_NAMEN:
            mannen, vrouwen, achternamen = MIGRANT_NAMEN[herkomst]
        else:
            mannen, vrouwen, achternamen = self.mannen, self.vrouwen, self.achternamen
        voornaam = rng.choice(mannen if geslacht == "m" else vrouwen)
        return voornaam, rng.choice(achternamen)


def naam_pool_maak(seed: int) -> NaamPool:
    fake = Faker("nl_BE")
    fake.seed_instance(seed)
    return NaamPool(
        mannen=tuple(fake.first_name_male() for _ in range(400)),
        vrouwen=tuple(fake.first_name_female() for _ in range(400)),
        achternamen=tuple(fake.last_name() for _ in range(800)),
        straten=tuple(fake.street_name() for _ in range(600)),
        bedrijven=tuple(fake.company() for _ in range(400)),
    )
