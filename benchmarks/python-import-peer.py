# A Python import of the same CSV with the same five-component mapping: read, map, send with 8
# threads, journal every record's fate in SQLite. The peer the import's client CPU is compared with.
import csv, json, sqlite3, sys, threading, queue, urllib.request, hashlib, os
from datetime import datetime, timezone

path, endpoint, key, journal = sys.argv[1:5]
MUTATION = "mutation createCustomerEvent($input: CreateCustomerEventInput!) { createCustomerEvent(input: $input) { customerEvent { id } error { message type code fields { field message type } } } }"

def event(row):
    ts = datetime.fromisoformat(row["occurred_at"]).replace(tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    oid = row["order_id"]
    return {
        "customerIdentifier": {"emailAddress": row["email"]},
        "title": row["event"],
        "components": [
            {"componentText": {"text": f"Order **{oid}**: {row['amount']} {row['currency']}"}},
            {"componentBadge": {"badgeLabel": row["plan"], "badgeColor": "GREEN"}},
            {"componentCopyButton": {"copyButtonValue": oid, "copyButtonTooltipLabel": "Copy order id"}},
            {"componentLinkButton": {"linkButtonLabel": "Open in admin", "linkButtonUrl": f"https://admin.example.com/orders/{oid}"}},
            {"componentRow": {"rowMainContent": [{"componentText": {"text": "Amount"}}], "rowAsideContent": [{"componentText": {"text": f"{row['amount']} {row['currency']}"}}]}},
        ],
        "timestamp": ts,
        "externalId": "order-" + oid,
    }

db = sqlite3.connect(journal, check_same_thread=False)
db.execute("pragma journal_mode=wal")
db.execute("create table if not exists records (offset integer primary key, external_id text, status text, error text)")
lock = threading.Lock()
work = queue.Queue(maxsize=64)

def sender():
    while True:
        item = work.get()
        if item is None:
            return
        line, ev = item
        body = json.dumps({"query": MUTATION, "variables": {"input": ev}, "operationName": "createCustomerEvent"}).encode()
        request = urllib.request.Request(endpoint, data=body, headers={"Content-Type": "application/json", "Authorization": "Bearer " + key})
        with urllib.request.urlopen(request) as response:
            answer = json.loads(response.read())
        error = ((answer.get("data") or {}).get("createCustomerEvent") or {}).get("error")
        status = "done" if not error else ("duplicate" if error.get("code") == "customer_event_already_exists" else "failed")
        with lock:
            db.execute("insert or replace into records values (?, ?, ?, ?)", (line, ev["externalId"], status, json.dumps(error) if error else None))
            db.commit()

threads = [threading.Thread(target=sender) for _ in range(8)]
for t in threads: t.start()
with open(path, newline="") as f:
    for line, row in enumerate(csv.DictReader(f), start=2):
        work.put((line, event(row)))
for _ in threads: work.put(None)
for t in threads: t.join()
print(db.execute("select status, count(*) from records group by status").fetchall())
