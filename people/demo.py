"""People and organisations named in the seed pages; nothing beyond what the seeds state."""

from people.models import Affiliation, NameVariant, Organization, Person
from people.services import refresh_search_names

# slug, parent slug, kind, country, Russian name, English name, Russian acronym, English acronym
ORGANIZATIONS = [
    (
        "russian-customs-academy",
        None,
        Organization.Kind.ACADEMY,
        "RU",
        "Российская таможенная академия",
        "Russian Customs Academy",
        "",
        "",
    ),
    (
        "rca-research-institute",
        "russian-customs-academy",
        Organization.Kind.ACADEMY,
        "RU",
        "Научно-исследовательский институт Российской таможенной академии",
        "Research Institute of the Russian Customs Academy",
        "",
        "",
    ),
    (
        "eurasian-economic-commission",
        None,
        Organization.Kind.INTERNATIONAL,
        "",
        "Евразийская экономическая комиссия",
        "Eurasian Economic Commission",
        "ЕЭК",
        "EEC",
    ),
    (
        "eec-customs-legislation-department",
        "eurasian-economic-commission",
        Organization.Kind.INTERNATIONAL,
        "",
        "Департамент таможенного законодательства",
        "Department of Customs Legislation",
        "",
        "",
    ),
    (
        "eec-advanced-customs-technologies-division",
        "eec-customs-legislation-department",
        Organization.Kind.INTERNATIONAL,
        "",
        "Отдел перспективных таможенных технологий",
        "Advanced Customs Technologies Division",
        "",
        "",
    ),
    (
        "world-customs-organization",
        None,
        Organization.Kind.INTERNATIONAL,
        "",
        "Всемирная таможенная организация",
        "World Customs Organization",
        "ВТамО",
        "WCO",
    ),
    (
        "wco-regional-training-center",
        "world-customs-organization",
        Organization.Kind.INTERNATIONAL,
        "",
        "Региональный учебный центр Всемирной таможенной организации",
        "WCO Regional Training Center",
        "",
        "",
    ),
    (
        "federal-customs-service",
        None,
        Organization.Kind.CUSTOMS,
        "RU",
        "Федеральная таможенная служба",
        "Federal Customs Service of the Russian Federation",
        "",
        "",
    ),
    (
        "belarusian-national-technical-university",
        None,
        Organization.Kind.ACADEMY,
        "BY",
        "Белорусский национальный технический университет",
        "Belarusian National Technical University",
        "",
        "",
    ),
    (
        "uzbekistan-customs-institute",
        None,
        Organization.Kind.ACADEMY,
        "UZ",
        "Таможенный институт Государственного таможенного комитета Республики Узбекистан",
        "Customs Institute of the State Customs Committee of the Republic of Uzbekistan",
        "",
        "",
    ),
]

PEOPLE = [
    {
        "slug": "sergei-mozer",
        "names": {
            "family_name_cyr": "Мозер",
            "given_name_cyr": "Сергей",
            "family_name_lat": "Mozer",
            "given_name_lat": "Sergei",
        },
        "degree": ("кандидат юридических наук", "Ph.D. in law"),
        "variants": ["Sergei Moser", "Mozer S.", "Moser S."],
        "affiliations": [
            (
                "eec-advanced-customs-technologies-division",
                "Заместитель начальника отдела",
                "Deputy Head",
            ),
            (
                "rca-research-institute",
                "Старший научный сотрудник",
                "Senior Researcher",
            ),
        ],
    },
    {
        "slug": "marina-tkachenko",
        "names": {
            "family_name_cyr": "Ткаченко",
            "given_name_cyr": "Марина",
            "family_name_lat": "Tkachenko",
            "given_name_lat": "Marina",
        },
        "degree": ("", ""),
        "variants": [],
        "affiliations": [
            (
                "russian-customs-academy",
                "Проректор по научной работе",
                "Vice-Rector for Scientific Work",
            ),
        ],
    },
]


def build(loader):
    """Create or update the organisations, then the people with positions and name variants."""
    organizations = {}
    for slug, parent, kind, country, name_ru, name_en, short_ru, short_en in ORGANIZATIONS:
        organizations[slug] = loader.upsert(
            Organization,
            {"slug": slug},
            parent=organizations[parent] if parent else None,
            kind=kind,
            country=country,
            name_ru=name_ru,
            name_en=name_en,
            short_name_ru=short_ru,
            short_name_en=short_en,
            **Organization.public_values(),
        )

    for entry in PEOPLE:
        degree_ru, degree_en = entry["degree"]
        person = loader.upsert(
            Person,
            {"slug": entry["slug"]},
            **entry["names"],
            degree_ru=degree_ru,
            degree_en=degree_en,
            **Person.public_values(),
        )
        for order, (organization, position_ru, position_en) in enumerate(entry["affiliations"]):
            loader.upsert(
                Affiliation,
                {"person": person, "organization": organizations[organization]},
                position_ru=position_ru,
                position_en=position_en,
                order=order,
            )
        for variant in entry["variants"]:
            loader.upsert(NameVariant, {"person": person, "name": variant})
        if refresh_search_names(person=person):
            loader.updated.append(person)
