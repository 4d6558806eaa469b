#!/usr/bin/env python3
"""Runs llama.cpp's server (the xllamacpp wheel) on 127.0.0.1 until killed.

Usage: llama-server.py MODEL.gguf PORT [--embedding] [--ctx N]   (window N, default 2048)
Set up by scripts/e2e-llama.sh; see docs/ENVIRONMENT.md ("A real local model for end-to-end tests").
"""
import signal, sys, time
import xllamacpp

model, port = sys.argv[1], int(sys.argv[2])
params = xllamacpp.CommonParams()
params.model.path = model
params.port = port
params.hostnames = ["127.0.0.1"]
params.n_ctx = int(sys.argv[sys.argv.index("--ctx") + 1]) if "--ctx" in sys.argv else 2048
params.cpuparams.n_threads = 2
params.cpuparams_batch.n_threads = 2
params.use_jinja = True
params.endpoint_slots = True  # GET /slots shows whether a generation is still running
if "--embedding" in sys.argv:
    params.embedding = True
    params.pooling_type = xllamacpp.llama_pooling_type.LLAMA_POOLING_TYPE_MEAN
server = xllamacpp.Server(params)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while True:
    time.sleep(3600)
