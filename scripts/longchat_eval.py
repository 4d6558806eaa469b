#!/usr/bin/env python3
"""A long chat with a real small model: facts stated among chit-chat and pastes several times the
model's window, then each fact asked for. Run by scripts/longchat-eval.sh, which starts the model.

  longchat_eval.py CODEX UPSTREAM_URL WORKDIR [--quick]
  LONGCHAT_REQUESTS=FILE keeps every chat request codex sent (JSON lines), to read what the model saw.

codex talks to the model through a recording proxy on 127.0.0.1, so the figures come from the
requests codex really sent: for each fact, whether the stored running summary holds it word for
word, whether the prompt sent with the question holds it, and whether the model's reply repeats
it. Prints one JSON line with the figures; exits 1 if a turn failed or a request was refused.
"""
import http.client
import http.server
import json
import os
import re
import socketserver
import subprocess
import sys
import threading
import time
import urllib.parse

# (the sentence the user types, the question asked at the end, what a right answer contains)
FACTS = [
    ("My name is Ada Lovelace.", "What is my name?", r"\bAda\b"),
    ("I live in Lyon.", "Which city do I live in?", r"\bLyon\b"),
    ("Our deploy window is Tuesdays at 14:00.", "When is our deploy window?", r"14[:.]00|2 ?pm|tuesday"),
    ("The staging server is called kestrel-7.", "What is the staging server called?", r"kestrel"),
    ("We decided to keep the audit log in PostgreSQL 15.", "Where did we decide to keep the audit log?",
     r"postgres"),
    ("My budget for this project is 4,800 euros.", "What is my budget for this project?", r"4[,.]?800"),
    ("I prefer answers as short bullet lists.", "How do I prefer my answers?", r"bullet"),
    ("Remember that the ticket number is INC-40213.", "What is the ticket number?", r"40213"),
    ("Our team has 7 engineers.", "How many engineers are on our team?", r"\b7\b|seven"),
    ("My cat is named Pixel.", "What is my cat's name?", r"\bpixel\b"),
]

CHITCHAT = [
    "What does p99 latency mean?",
    "Give me one tip for reading kernel logs.",
    "What is an inode?",
    "Thanks, that helps.",
    "How often should backups be tested?",
    "What is a good name for a monitoring dashboard?",
    "Explain what a load average is in one sentence.",
    "What does OOM stand for?",
    "Is it worth alerting on disk usage above 90%?",
    "Ok, next topic.",
    "What is the difference between a process and a thread?",
    "How do I read a unified diff?",
    "What does HTTP 503 mean?",
    "Can you suggest a log retention period?",
    "What is a cron job?",
    "Thanks.",
    "What is a reverse proxy?",
    "Why do services restart in a loop?",
    "What is a healthcheck endpoint?",
    "Good, thanks.",
    "What is a good default timeout for an HTTP client?",
    "How do I find which process holds a file open?",
    "What does a 'Directory index full' warning usually mean?",
    "Should logs be rotated by size or by time?",
    "What is swap used for?",
    "Great, that is all for the logs.",
]


def kernel_log(lines, seed):
    return "\n".join(
        f"2026-11-0{(i + seed) % 9 + 1}T12:{i % 60:02d}:{(i * 7) % 60:02d}Z host-{(i + seed) % 7} kernel: "
        f"EXT4-fs warning (device sda{i % 3}): ext4_dx_add_entry:2461: Directory index full! "
        f"disk usage {80 + (i * seed) % 19}% inode={i * 991 + seed}"
        for i in range(1, lines + 1))


def app_log(lines, needle_line, needle):
    rows = []
    for i in range(1, lines + 1):
        if i == needle_line:
            rows.append(needle)
        else:
            rows.append(f"2026-11-03 09:{i % 60:02d}:{(i * 13) % 60:02d},{i * 37 % 1000:03d} INFO  [worker-{i % 5}] "
                        f"GET /api/v2/orders/{10000 + i * 7} 200 {12 + i % 40}ms bytes={900 + i * 3}")
    return "\n".join(rows)


def csv_rows(lines):
    return "\n".join(["date,host,cpu_pct,mem_mb,disk_pct,requests"] + [
        f"2026-11-{1 + i % 28:02d},host-{i % 7},{(i * 37) % 100},{2048 + (i * 113) % 4096},{50 + (i * 7) % 50},"
        f"{1000 + (i * 389) % 9000}" for i in range(1, lines)])


def diff_paste(lines):
    rows = ["diff --git a/monitor/alerts.py b/monitor/alerts.py", "--- a/monitor/alerts.py",
            "+++ b/monitor/alerts.py"]
    for i in range(lines):
        rows.append(f"@@ -{i * 10 + 1},6 +{i * 10 + 1},7 @@ def check_{i}(metrics):")
        rows.append(f"-    if metrics['disk_{i}'] > {70 + i % 20}:")
        rows.append(f"+    if metrics.get('disk_{i}', 0) >= {75 + i % 20}:  # threshold {i}")
        rows.append(f"         alert('disk_{i} above threshold on host-{i % 7}')")
    return "\n".join(rows)


def conversation(quick, window):
    """The turns, in order: (kind, text) with kind fact, chat or paste."""
    # Real tokens per line (SmolLM2): kernel log ~70, app log ~45, CSV ~25, diff ~30 per line.
    times = 3
    facts = [FACTS[0], FACTS[3], FACTS[7]] if quick else FACTS
    needle = ("2026-11-03 09:41:07,412 ERROR [worker-3] POST /api/v2/payments/7731 timed out after 30000ms "
              "upstream=billing-2")
    if quick:
        # One paste with a question: reading a paste part by part takes several model calls, too
        # slow for CI; the unit tests cover it against a scripted server, the full run for real.
        pastes = [
            ("paste", app_log(times * window // 45, times * window // 60, needle)
             + "\n\nWhich request timed out, and on which upstream?"),
        ]
        fillers = CHITCHAT[:2]
    else:
        pastes = [
            ("paste", kernel_log(times * window // 70, 3)),
            ("paste", app_log(times * window // 45, times * window // 60, needle)
             + "\n\nWhich request timed out, and on which upstream?"),
            ("paste", "Review this diff:\n" + diff_paste(times * window // 120)),
            ("paste", csv_rows(times * window // 25)),
        ]
        fillers = CHITCHAT
    turns = []
    fact_texts = [("fact", text) for text, _, _ in facts]
    # Facts first and spread out, pastes between them, chit-chat filling the rest.
    total = len(fact_texts) + len(pastes) + len(fillers)
    queue_f, queue_p, queue_c = list(fact_texts), list(pastes), [("chat", t) for t in fillers]
    for index in range(total):
        if index % 4 == 0 and queue_f:
            turns.append(queue_f.pop(0))
        elif index % 8 == 2 and queue_p:
            turns.append(queue_p.pop(0))
        elif queue_c:
            turns.append(queue_c.pop(0))
        elif queue_f:
            turns.append(queue_f.pop(0))
        else:
            turns.append(queue_p.pop(0))
    return facts, turns


class Recorder:
    """A proxy that forwards to the model server and keeps every chat request it passes on."""

    def __init__(self, upstream):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.chats = []
        self.lock = threading.Lock()
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                connection = http.client.HTTPConnection(recorder.upstream.hostname, recorder.upstream.port,
                                                        timeout=600)
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "authorization")}
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                if self.command == "POST" and self.path.endswith("/chat/completions") and body:
                    with recorder.lock:
                        recorder.chats.append({"request": json.loads(body), "status": response.status,
                                               "at": time.time()})
                self.send_response(response.status)
                self.send_header("Content-Type", response.getheader("Content-Type") or "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = forward
            do_POST = forward

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def since(self, mark):
        with self.lock:
            return self.chats[mark:]

    def count(self):
        with self.lock:
            return len(self.chats)


def prompt_text(request):
    return "\n".join(m.get("content") or "" for m in request.get("messages", []))


def main():
    codex, upstream, work = sys.argv[1], sys.argv[2], sys.argv[3]
    quick = "--quick" in sys.argv
    max_tokens = 16 if quick else 48
    recorder = Recorder(upstream)
    window = json.load(urllib_get(upstream + "/props"))["default_generation_settings"]["n_ctx"]
    home = os.path.join(work, "home")
    os.makedirs(home, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OLLAMA_", "TABBY_", "OPENAI_", "AZURE_"))}
    env.update({"CODEX_HOME": home, "MODEL_PROVIDER": "openai-compatible", "CODEX_ALLOW_CLOUD": "0",
                "OPENAI_COMPATIBLE_BASE_URL": f"http://127.0.0.1:{recorder.port}/v1"})
    store = os.path.join(work, "longchat.sqlite")
    facts, turns = conversation(quick, window)
    paste_tokens = [count_tokens(upstream, text) for kind, text in turns if kind == "paste"]
    session = None
    failures, notices, durations = [], [], []

    def turn(text):
        nonlocal session
        command = [codex, "chat", "--store", store, "--json", "--max-tokens", str(max_tokens), "-m", "-"]
        if session:
            command += ["--session", session]
        started = time.time()
        result = subprocess.run(command, input=text, capture_output=True, text=True, env=env)
        durations.append(time.time() - started)
        notices.extend(line[6:] for line in result.stderr.splitlines() if line.startswith("note: "))
        if result.returncode != 0:
            failures.append(result.stderr.strip()[-400:])
            return ""
        reply = json.loads(result.stdout)
        session = session or reply["session_id"]
        if reply.get("incomplete"):
            failures.append(reply.get("error") or "incomplete")
        return reply.get("answer", "")

    started = time.time()
    for kind, text in turns:
        turn(text)
        print(f"longchat: turn {len(durations)}/{len(turns)} ({kind}, {len(text)} chars) "
              f"{durations[-1]:.1f} s", file=sys.stderr)
    show = subprocess.run([codex, "sessions", "show", "--store", store, "--json", session[:8]],
                          capture_output=True, text=True, env=env)
    shown = json.loads(show.stdout) if show.returncode == 0 else {"session": {}, "messages": []}
    summary = shown["session"].get("summary", "")
    through = shown["session"].get("summarized_through", 0)
    folded = [text for text, _, _ in facts
              if any(m["role"] == "user" and text in m["content"] and m["seq"] <= through for m in shown["messages"])]
    in_summary = sum(1 for text, _, _ in facts if text in summary)

    in_prompt, repeated, details = 0, 0, []
    for text, question, answer in facts:
        mark = recorder.count()
        reply = turn(question)
        sent = [c for c in recorder.since(mark) if c["request"].get("stream")]
        prompt = prompt_text(sent[-1]["request"]) if sent else ""
        carried = text in prompt
        right = re.search(answer, reply, re.IGNORECASE) is not None
        in_prompt += carried
        repeated += right
        details.append({"fact": text, "in_summary": text in summary, "in_prompt": carried,
                        "reply": reply[:160], "repeated": right})
        print(f"longchat: {question!r}: in prompt {carried}, reply {reply[:80]!r}", file=sys.stderr)

    refused = sum(1 for c in recorder.chats if c["status"] == 400)
    requests = recorder.count()
    result = {
        "mode": "quick" if quick else "full", "window": window, "turns": len(turns), "questions": len(facts),
        "facts": len(facts), "pastes": sum(1 for k, _ in turns if k == "paste"),
        "paste_tokens_min": min(paste_tokens), "paste_tokens_max": max(paste_tokens),
        "facts_folded": len(folded), "facts_in_summary": in_summary, "facts_in_prompt": in_prompt, "facts_repeated": repeated,
        "facts_in_summary_pct": 100.0 * in_summary / len(facts), "facts_in_prompt_pct": 100.0 * in_prompt / len(facts),
        "facts_repeated_pct": 100.0 * repeated / len(facts), "requests": requests, "refused": refused,
        "failed_turns": len(failures), "seconds": round(time.time() - started, 1),
        "seconds_per_turn_p50": sorted(durations)[len(durations) // 2] if durations else 0,
        "notices": notices[-12:], "failures": failures[:5], "details": details,
    }
    if os.environ.get("LONGCHAT_REQUESTS"):
        with open(os.environ["LONGCHAT_REQUESTS"], "w") as f:
            for chat in recorder.chats:
                f.write(json.dumps(chat) + "\n")
    print(json.dumps(result))
    sys.exit(1 if failures or refused else 0)


def urllib_get(url, data=None):
    import urllib.request
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(request, timeout=60)


def count_tokens(upstream, text):
    """The model's own count (llama.cpp /tokenize)."""
    return len(json.load(urllib_get(upstream + "/tokenize", json.dumps({"content": text}).encode()))["tokens"])


if __name__ == "__main__":
    main()
