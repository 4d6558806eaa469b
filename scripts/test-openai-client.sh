#!/usr/bin/env bash
# The real `openai` Python client (from PyPI, in a venv) against `codex serve` backed by the
# fixture model: streaming and non-streaming chat completions, and the model list.
# Usage: scripts/test-openai-client.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/venv-openai
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q openai >/dev/null
swift build --product codex >/dev/null
source scripts/serve-fixture.sh debug
trap stop_servers EXIT
"$venv/bin/python" - "$CODEX_URL" <<'PY'
import sys
from openai import OpenAI

client = OpenAI(base_url=sys.argv[1] + "/v1", api_key="unused-on-loopback")
models = [m.id for m in client.models.list()]
assert models == ["fixture"], models

reply = client.chat.completions.create(model="codex", messages=[{"role": "user", "content": "Hi"}])
text = reply.choices[0].message.content
assert text.startswith("Hello from the **fixture** model."), text
assert reply.usage.completion_tokens == 6, reply.usage

pieces = []
stream = client.chat.completions.create(model="fixture", messages=[{"role": "user", "content": "Hi"}], stream=True)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        pieces.append(chunk.choices[0].delta.content)
assert "".join(pieces) == text, pieces
print(f"openai {__import__('openai').__version__}: models {models}; non-streaming {len(text)} chars; streaming {len(pieces)} chunks, same text: OK")
PY
