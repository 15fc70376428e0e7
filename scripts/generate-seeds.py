#!/usr/bin/env python3
"""Writes the synthetic demo clinic in seeds/ (deterministic; re-run to regenerate).

Everyone here is invented: names are random pairings, phone numbers sit in the
555-0100..555-0199 block reserved for fiction, member ids are made up.
"""
import csv, random, pathlib

rng = random.Random(20261129)
out = pathlib.Path(__file__).resolve().parent.parent / "seeds"

family = ["Okafor", "Nguyễn", "García Márquez", "O'Brien", "Smith-Jones", "Kowalczyk", "Müller",
          "Ivanova", "Haddad", "Johansson", "Dubois", "Rossi", "Tanaka", "Kim", "Petrov", "Silva",
          "D'Angelo", "MacLeod", "Van der Berg", "Øverland", "Łukasiewicz", "Çelik", "Papadopoulos",
          "Abernathy", "Whitfield", "Moreno", "Fitzgerald", "Ng", "Brown", "Patel", "Cohen", "Sánchez",
          "Achterberg", "Bjørnsdóttir", "St. Clair", "Wolfeschlegelsteinhausenbergerdorff",
          "Featherstonehaugh-Cholmondeley", "Al-Sayed", "Nakamura", "Rahman"]
given = ["Adaeze", "Minh", "José", "Siobhán", "Chloé", "Zofia", "Jürgen", "Anastasia", "Layla",
         "Björn", "Amélie", "Giulia", "Haruto", "Ji-woo", "Dmitri", "João", "Renée", "Eoin", "Noor",
         "Søren", "Marta", "Emre", "Eleni", "Grace", "Thomas", "Lucía", "Aoife", "Wei", "Marcus",
         "Priya", "Miriam", "Mateo", "Ingrid", "Ólöf", "Jean-Luc", "Hubert Blaine", "Arabella-Rose",
         "Omar", "Yui", "Farhan", "Sam", "Alex", "Jordan", "Maria", "Taylor"]
scripts = [("王", "小明"), ("佐藤", "花子"), ("김", "민준"), ("Иванов", "Сергей"), ("Παπαδάκης", "Νίκος"),
           ("כהן", "דוד"), ("حداد", "ليلى"), ("Шевченко", "Оксана"),
           ("Wolfeschlegelsteinhausenbergerdorff", "Hubert Blaine"),
           ("O'Sullivan-Featherstonehaugh-Cholmondeley", "Marie-Thérèse Anne-Sophie"),
           ("D'Arcy", "Zoë"), ("Nguyễn-Trần", "Thị Minh Khuê")]
payers = ["Aetna", "Blue Cross Blue Shield", "Cigna", "UnitedHealthcare", "Humana", "Medicare",
          "Medicaid", "Kaiser Permanente", "Self-pay"]
providers = ["Dr. Amara Osei", "Dr. Lena Fischer", "Dr. Rafael Ortiz", "Dr. Mei Chen", "NP Jordan Blake"]
reasons = ["Annual physical", "Follow-up", "Flu symptoms", "Blood pressure check", "Diabetes review",
           "New patient visit", "Rash", "Back pain", "Vaccination", "Lab results", "Sore throat",
           "Medication refill", "Pre-op clearance", "Ear pain", "Sports physical"]
languages = ["", "", "", "", "", "", "Spanish", "Vietnamese", "Arabic", "Mandarin", "ASL", "Polish"]
access = ["", "", "", "", "", "", "", "Wheelchair", "Hearing loop", "Large print", "Service dog"]
area_codes = ["212", "312", "415", "617", "206"]
streets = ["Elm St", "Rue des Lilas", "Oak Ave", "Hauptstraße", "Calle Mayor", "Birch Rd", "Maple Ct"]

patients = []
used_phones = set()
def phone(shared=None):
    if shared:
        return shared
    while True:
        p = f"({rng.choice(area_codes)}) 555-01{rng.randrange(100):02d}"
        if p not in used_phones:
            used_phones.add(p)
            return p

def dob():
    return f"{rng.randrange(1931, 2022)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"

for i in range(72):
    if i < len(scripts):
        fam, giv = scripts[i]
    else:
        fam, giv = rng.choice(family), rng.choice(given)
    payer = rng.choice(payers)
    shared = patients[-1]["phone"] if i % 17 == 5 and patients else None  # families share a line
    p = {
        "mrn": f"MRN{100200 + i * 7}",
        "family_name": fam, "given_name": giv,
        "preferred_name": rng.choice(["", "", "", "Addie", "Sam", "Jo", "Bea"]),
        "date_of_birth": dob(),
        "sex": rng.choice(["F", "M", "X", ""]),
        "phone": phone(shared),
        "email": rng.choice(["", f"patient{i}@example.org", f"p.{i}@example.net"]),
        "address": f"{rng.randrange(1, 999)} {rng.choice(streets)}, Springfield",
        "payer": "" if payer == "Self-pay" else payer,
        "member_id": "" if payer == "Self-pay" else f"{payer[:3].upper()}{rng.randrange(10**8, 10**9)}",
        "group_number": "" if payer == "Self-pay" else f"G{rng.randrange(1000, 99999)}",
        "subscriber": "", "relationship": "" if payer == "Self-pay" else rng.choice(["self", "self", "spouse", "child"]),
        "interpreter": rng.choice(languages), "accessibility": rng.choice(access),
    }
    if p["relationship"] in ("spouse", "child"):
        p["subscriber"] = f"{rng.choice(given)} {fam}"
    elif p["relationship"] == "self":
        p["subscriber"] = f"{giv} {fam}"
    patients.append(p)

# A likely duplicate for the check-in form's warning: same birthday, a near-identical name.
dup = dict(patients[20]); dup["mrn"] = "MRN109999"; dup["given_name"] = dup["given_name"] + "a"
dup["phone"] = phone(); patients.append(dup)

with open(out / "patients.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(patients[0].keys()))
    w.writeheader(); w.writerows(patients)

rows = []
slot = 0
for minute in range(8 * 60, 17 * 60, 10):        # 08:00 .. 16:50, providers in parallel
    for prov in providers:
        if rng.random() < 0.3:
            p = rng.choice(patients[:72])
            rows.append({"appointment_id": f"APT-{5000 + slot}", "time": f"{minute // 60:02d}:{minute % 60:02d}",
                         "mrn": p["mrn"], "provider": prov, "reason": rng.choice(reasons)})
            slot += 1
with open(out / "appointments.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=["appointment_id", "time", "mrn", "provider", "reason"])
    w.writeheader(); w.writerows(rows)
print(f"{len(patients)} patients, {len(rows)} appointments, {len(providers)} providers")
