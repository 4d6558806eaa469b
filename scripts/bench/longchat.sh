#!/usr/bin/env bash
# Long chats with a real small model (scripts/longchat-eval.sh): facts stated among chit-chat and
# pastes three times the window, then asked for. Records how many facts the stored summary and
# the prompts sent carry word for word, how many the model repeats, and requests refused.
set -euo pipefail
source scripts/bench/lib.sh
mode=()
quick && mode=(--quick)
say "longchat: $(quick && echo 6 turns, 512-token window || echo 40 turns, 2,048-token window)"
CODEX="$CODEX" scripts/longchat-eval.sh "${mode[@]}" "$BENCH_WORK/../e2e-llama" | tee "$BENCH_WORK/longchat.json" \
    | recjson longchat codex "facts stated=facts:facts:higher" \
        "facts folded out of the history before being asked=facts_folded:facts:higher" \
        "facts carried word for word by the stored summary=facts_in_summary:facts:higher" \
        "facts in the prompt when asked: %=facts_in_prompt_pct:%:higher" \
        "facts the model repeats=facts_repeated:facts:higher" \
        "requests refused as too long=refused:requests" "turns that failed=failed_turns:turns" \
        "seconds per turn p50=seconds_per_turn_p50:s" "whole chat, s=seconds:s"
