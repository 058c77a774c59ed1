#!/usr/bin/env python3
"""Writes a synthetic inputs folder the size of a ministry, for benchmarks: N divisions with K indicators
each, results for the given rounds as one file per division per round (results/), with Thai text.

    scripts/gen-ministry.py OUT [--divisions 2000] [--indicators 20] [--rounds M01,...,M12] [--note 120]
"""
import argparse, csv, os, random

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--divisions", type=int, default=2000)
p.add_argument("--indicators", type=int, default=20)
p.add_argument("--rounds", default=",".join(f"M{m:02d}" for m in range(1, 13)))
p.add_argument("--note", type=int, default=120, help="characters of Thai note per result row")
p.add_argument("--single", action="store_true", help="one results.csv instead of results/")
a = p.parse_args()
rng = random.Random(2566)
os.makedirs(a.out, exist_ok=True)
thai = "การดำเนินงานตามแผนปฏิบัติราชการของหน่วยงานเป็นไปตามเป้าหมายที่กำหนด "
with open(f"{a.out}/divisions.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["division_id", "name", "short_name"])
    for d in range(a.divisions):
        w.writerow([f"D{d:04d}", f"สำนักงานบังคับคดีจังหวัดที่ {d + 1}", f"สบจ.{d + 1}"])
weight = 100 / a.indicators
with open(f"{a.out}/indicators.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["division_id", "indicator_id", "name", "unit", "weight", "method", "direction", "t1", "t2", "t3", "t4", "t5",
                "target", "rounds", "group", "redistribute_to", "late_penalty", "note"])
    for d in range(a.divisions):
        for k in range(a.indicators):
            iid = f"{k // 5 + 1}.{k % 5 + 1}"
            wt = round(weight, 6) if k < a.indicators - 1 else round(100 - round(weight, 6) * (a.indicators - 1), 6)
            w.writerow([f"D{d:04d}", iid, f"ร้อยละความสำเร็จของตัวชี้วัดที่ {iid} ตามคำรับรองการปฏิบัติราชการ", "ร้อยละ", wt,
                        "threshold", "higher", 80, 85, 90, 95, 100, 90, "", f"มิติที่ {k // 10 + 1} > ด้านที่ {k // 5 + 1}", "", "0.10", ""])
rounds = a.rounds.split(",")
note = (thai * (a.note // len(thai) + 1))[: a.note]
header = ["division_id", "round", "indicator_id", "result", "numerator", "denominator", "level", "due_on", "reported_on", "note"]
if a.single:
    f = open(f"{a.out}/results.csv", "w", newline="", encoding="utf-8")
    single = csv.writer(f, lineterminator="\n")
    single.writerow(header)
else:
    os.makedirs(f"{a.out}/results", exist_ok=True)
for d in range(a.divisions):
    for r in rounds:
        if a.single:
            w = single
        else:
            g = open(f"{a.out}/results/D{d:04d}-{r}.csv", "w", newline="", encoding="utf-8")
            w = csv.writer(g, lineterminator="\n")
            w.writerow(header)
        for k in range(a.indicators):
            iid = f"{k // 5 + 1}.{k % 5 + 1}"
            if k % 3 == 0:
                den = rng.randint(50, 500)
                w.writerow([f"D{d:04d}", r, iid, "", rng.randint(int(den * 0.8), den), den, "", "2023-10-15", "2023-10-14", note])
            else:
                w.writerow([f"D{d:04d}", r, iid, f"{rng.uniform(75, 100):.2f}", "", "", "", "2023-10-15", "2023-10-16", note])
        if not a.single:
            g.close()
if a.single:
    f.close()
