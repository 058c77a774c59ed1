#!/usr/bin/env python3
"""Writes a synthetic inputs folder for benchmarks: N units, each with its own agreement of K indicators
(threshold, target_ratio and level methods, some assessed only in R12 with their weight moved, some with a
late penalty), names that differ from unit to unit as real agreements do, and results for rounds R6 and R12
as one file per unit per round (results/), the way units export them.

    scripts/gen-units.py OUT --units 500 [--indicators 25] [--year 2567]
"""
import argparse, csv, os, random

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--units", type=int, default=500)
p.add_argument("--indicators", type=int, default=25)
p.add_argument("--year", type=int, default=2567)
p.add_argument("--long-text", action="store_true",
               help="some names and notes of hundreds to thousands of characters, and counts in the billions "
                    "(for the print checks: rows over 409 pt, wrapped text, wide numbers)")
a = p.parse_args()
rng = random.Random(a.units * 7919 + a.indicators)
os.makedirs(a.out + "/results", exist_ok=True)

subjects = ["ความพึงพอใจของผู้รับบริการ", "การเบิกจ่ายงบประมาณ", "การบังคับคดีแพ่ง", "การไกล่เกลี่ยข้อพิพาท", "การพัฒนาบุคลากร",
            "การลดการใช้พลังงาน", "การจัดการข้อร้องเรียน", "การประชาสัมพันธ์เชิงรุก", "ระบบเทคโนโลยีสารสนเทศ", "การขายทอดตลาดทรัพย์",
            "การคุ้มครองข้อมูลส่วนบุคคล", "การจัดเก็บสำนวนคดี", "การประเมินราคาทรัพย์สิน", "การวางทรัพย์", "การฟื้นฟูกิจการลูกหนี้"]
qualifiers = ["ที่ดำเนินการแล้วเสร็จภายในกำหนด", "ตามแผนปฏิบัติราชการประจำปี", "ของหน่วยงานในสังกัด", "ที่ผ่านเกณฑ์มาตรฐาน",
              "เทียบกับปีงบประมาณที่ผ่านมา", "ภายใน ๑๕ วันทำการ", "ผ่านระบบอิเล็กทรอนิกส์", "ในพื้นที่รับผิดชอบ"]
dimensions = ["มิติภายนอก > ด้านประสิทธิผล", "มิติภายนอก > ด้านคุณภาพการให้บริการ", "มิติภายใน > ด้านประสิทธิภาพ",
              "มิติภายใน > ด้านการพัฒนาองค์การ"]

with open(f"{a.out}/divisions.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["division_id", "name", "short_name"])
    for u in range(a.units):
        name = f"สำนักงานบังคับคดีจังหวัดที่ {u + 1} สาขา {rng.choice(subjects)[:12]}"
        if a.long_text and u % 3 == 1:
            name += " " + "".join(rng.choice(subjects) for _ in range(6))
        w.writerow([f"U{u:05d}", name, f"สบจ.{u + 1}"])

plans = []
with open(f"{a.out}/indicators.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["year", "division_id", "indicator_id", "name", "unit", "weight", "method", "direction", "t1", "t2", "t3", "t4", "t5",
                "target", "rounds", "group", "redistribute_to", "late_penalty", "note"])
    for u in range(a.units):
        k = a.indicators
        weights = [4] * k
        weights[0] += 100 - sum(weights)
        unit_plan = []
        for i in range(k):
            iid = f"{i // 5 + 1}.{i % 5 + 1}"
            name = f"ร้อยละ{rng.choice(subjects)}{rng.choice(qualifiers)} (ตัวชี้วัดที่ {iid} ของหน่วยงานที่ {u + 1})"
            if a.long_text and i % 7 == 3:
                name += " ".join(rng.choice(subjects) + rng.choice(qualifiers) for _ in range(rng.choice([3, 12, 45])))
            kind = i % 5
            rounds, moves, penalty = "R6;R12", "", ""
            if kind == 4 and i != k - 1:
                rounds, moves = "R12", f"{i // 5 + 1}.1"
            if kind == 2:
                penalty = "0.10"
            if kind in (0, 2, 4):
                method, t, target, direction = "threshold", [80, 85, 90, 95, 100], 90, "higher"
                if kind == 2 and u % 2:
                    direction, t, target = "lower", [10, 8, 6, 4, 2], 5
            elif kind == 1:
                method, t, target, direction = "target_ratio", [""] * 5, rng.choice([80, 85, 90, 100]), "higher"
            else:
                method, t, target, direction = "level", [""] * 5, 5, "higher"
            w.writerow([a.year, f"U{u:05d}", iid, name, "ร้อยละ" if method != "level" else "ระดับ", weights[i], method, direction,
                        *t, target, rounds, dimensions[i * len(dimensions) // k], moves, penalty, ""])
            unit_plan.append((iid, method, direction, rounds))
        plans.append(unit_plan)

header = ["year", "division_id", "round", "indicator_id", "result", "numerator", "denominator", "level", "due_on", "reported_on", "note"]
g = a.year - 543
for u, unit_plan in enumerate(plans):
    for rnd, due in (("R6", f"{g}-04-15"), ("R12", f"{g}-10-15")):
        with open(f"{a.out}/results/{a.year}-{rnd}-U{u:05d}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for iid, method, direction, rounds in unit_plan:
                if rnd not in rounds.split(";"):
                    continue
                late = f"{g}-{'04' if rnd == 'R6' else '10'}-{rng.choice([10, 14, 15, 17])}"
                if method == "level":
                    w.writerow([a.year, f"U{u:05d}", rnd, iid, "", "", "", rng.choice([3, 3.5, 4, 4.5, 5]), due, late, ""])
                elif method == "threshold" and direction == "higher" and rng.random() < 0.4:
                    den = rng.randint(50, 500) * (9_999_999 if a.long_text and u % 2 else 1)
                    w.writerow([a.year, f"U{u:05d}", rnd, iid, "", rng.randint(int(den * 0.8), den), den, "", due, late, ""])
                elif direction == "lower":
                    w.writerow([a.year, f"U{u:05d}", rnd, iid, f"{rng.uniform(1, 11):.2f}", "", "", "", due, late, ""])
                else:
                    note = "สำรวจรายไตรมาส"
                    if a.long_text and iid.endswith(".1"):
                        note += " " + " ".join(rng.choice(subjects) + rng.choice(qualifiers) for _ in range(rng.choice([2, 20])))
                    w.writerow([a.year, f"U{u:05d}", rnd, iid, f"{rng.uniform(72, 101):.2f}", "", "", "", due, late, note])
print(f"{a.units} units × {a.indicators} indicators × R6, R12 → {a.out}")
