#!/usr/bin/env python3
"""Writes the bundled samples (fixed seed, so the output never changes):
orders.csv + orders-mapping.yaml (customer events from a shop's order history),
events.ndjson (native Plain inputs: customer and thread events) and late-orders.csv (20 more
orders in the same shape, one with an impossible date on purpose: the demo's bad record). Run from the repo root;
it writes samples/ and the copy bundled into the executable."""
import csv, io, json, random, shutil, datetime, pathlib

random.seed(20261122)
first = ["ada", "grace", "alan", "linus", "margaret", "ken", "barbara", "dennis", "frances", "edsger", "radia", "tim"]
last = ["lovelace", "hopper", "turing", "torvalds", "hamilton", "thompson", "liskov", "ritchie", "allen", "dijkstra", "perlman", "berners"]
events = ["Order paid", "Order refunded", "Order shipped", "Subscription renewed", "Payment failed", "Plan upgraded"]
plans = ["Free", "Starter", "Pro", "Enterprise"]
currencies = ["GBP", "EUR", "USD"]
notes = ["", "", "Gift wrap requested", "Customer asked for invoice", "Delivered to neighbour", "Café order – 5% off"]
start = datetime.datetime(2024, 1, 1, 8, 0, 0)

rows = []
for n in range(1, 301):
    f, l = random.choice(first), random.choice(last)
    when = start + datetime.timedelta(minutes=random.randint(0, 60 * 24 * 600))
    occurred = when.strftime("%Y-%m-%dT%H:%M:%S") if n % 3 else str(int(when.replace(tzinfo=datetime.timezone.utc).timestamp()))
    rows.append({
        "order_id": f"ORD-{100000 + n}",
        "email": f"{f}.{l}@example.com",
        "event": random.choice(events),
        "occurred_at": occurred,
        "amount": f"{random.randint(5, 900)}.{random.randint(0, 99):02d}",
        "currency": random.choice(currencies),
        "plan": random.choice(plans),
        "note": random.choice(notes) if n % 7 else "Line one\nline two, with a comma and \"quotes\"",
        "agent_email": random.choice(["sam@shop.example.com", "jo@shop.example.com", ""]),
    })
buffer = io.StringIO()
writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
writer.writeheader()
writer.writerows(rows)
csv_text = buffer.getvalue()

mapping = """# Customer events from a shop's order history (samples/orders.csv).
event: customer
customer:
  email: "{{email}}"
title: "{{event}}"
timestamp: "{{occurred_at}}"
timezone: Europe/London
externalId: "order-{{order_id}}-{{event}}"
components:
  - text: "Order **{{order_id}}**: {{amount}} {{currency}}"
  - text: { text: "{{note?}}", size: S, color: MUTED }
  - plainText: "Plan: {{plan}}"
  - spacer: M
  - divider: S
  - linkButton: { label: "Open in admin", url: "https://admin.example.com/orders/{{order_id}}" }
  - badge: { label: "{{plan}}", color: GREEN }
  - copyButton: { value: "{{order_id}}", tooltip: "Copy order id" }
  - dateTime: "{{occurred_at}}"
  - user: { email: "{{agent_email?}}" }
  - workflowButton: { label: "Refund", workflowKey: "refund" }
  - row: { main: [ { text: "Amount" } ], aside: [ { text: "{{amount}} {{currency}}" } ] }
"""

lines = []
for n in range(1, 201):
    f, l = random.choice(first), random.choice(last)
    when = (start + datetime.timedelta(minutes=random.randint(0, 60 * 24 * 600))).strftime("%Y-%m-%dT%H:%M:%SZ")
    components = [{"componentText": {"text": f"Ticket #{5000 + n} {random.choice(['opened', 'escalated', 'closed'])}"}}]
    if n % 2:
        components.append({"componentBadge": {"badgeLabel": random.choice(plans), "badgeColor": "BLUE"}})
    if n % 4 == 0:
        components.append({"componentLinkButton": {"linkButtonLabel": "View ticket", "linkButtonUrl": f"https://support.example.com/t/{5000 + n}"}})
    if n % 5 == 0:
        event = {"threadId": f"th_{n:06d}", "title": "Support ticket update", "components": components,
                 "timestamp": when, "externalId": f"ticket-{5000 + n}-thread"}
    else:
        event = {"customerIdentifier": {"emailAddress": f"{f}.{l}@example.com"}, "title": "Support ticket update",
                 "components": components, "timestamp": when}
        if n % 3 == 0:
            event["externalId"] = f"ticket-{5000 + n}"
    lines.append(json.dumps(event, ensure_ascii=False))
ndjson_text = "\n".join(lines) + "\n"

late = []
for n in range(301, 321):
    f, l = random.choice(first), random.choice(last)
    when = start + datetime.timedelta(minutes=random.randint(0, 60 * 24 * 600))
    late.append({
        "order_id": f"ORD-{100000 + n}",
        "email": f"{f}.{l}@example.com",
        "event": random.choice(events),
        # Row 12 carries a date that does not exist, as exports sometimes do: it is invalid.
        "occurred_at": "2024-13-45T25:00:00" if n == 312 else when.strftime("%Y-%m-%dT%H:%M:%S"),
        "amount": f"{random.randint(5, 900)}.{random.randint(0, 99):02d}",
        "currency": random.choice(currencies),
        "plan": random.choice(plans),
        "note": random.choice(notes),
        "agent_email": random.choice(["sam@shop.example.com", "jo@shop.example.com", ""]),
    })
buffer = io.StringIO()
writer = csv.DictWriter(buffer, fieldnames=list(late[0].keys()), lineterminator="\r\n")
writer.writeheader()
writer.writerows(late)
late_text = buffer.getvalue()

root = pathlib.Path(".")
for folder in [root / "samples", root / "Sources/plain-import/Samples"]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "orders.csv").write_text(csv_text, encoding="utf-8", newline="")
    (folder / "orders-mapping.yaml").write_text(mapping, encoding="utf-8")
    (folder / "events.ndjson").write_text(ndjson_text, encoding="utf-8")
    (folder / "late-orders.csv").write_text(late_text, encoding="utf-8", newline="")
