// The codex web UI: plain JavaScript against the server's own API, nothing loaded from elsewhere.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const state = { session: null, controller: null, token: localStorage.getItem("codex.token") || "" };

  // X-Codex-Client tells the server this is its own page: a page on another site cannot send it
  // without the server's leave, so uploads carrying it are not cross-site forgeries.
  function headers(extra) {
    const h = Object.assign({ "X-Codex-Client": "web-ui" }, extra || {});
    if (state.token) h["Authorization"] = "Bearer " + state.token;
    return h;
  }

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = headers(opts.headers);
    const response = await fetch(path, opts);
    if (response.status === 401) {
      const token = prompt("This server needs its access token:");
      if (token) { state.token = token; localStorage.setItem("codex.token", token); return api(path, options); }
    }
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { const body = await response.json(); message = body.error.message + (body.error.hint ? " — " + body.error.hint : ""); } catch (_) {}
      throw new Error(message);
    }
    return response;
  }

  // Sessions
  async function loadSessions() {
    const list = $("sessions");
    try {
      const { sessions } = await (await api("/memory?limit=100")).json();
      list.replaceChildren(...sessions.map((item) => {
        const li = document.createElement("li");
        li.textContent = item.session.title || item.preview || "(empty)";
        li.title = item.session.id;
        li.dataset.id = item.session.id;
        if (item.session.id === state.session) li.className = "active";
        li.onclick = () => openSession(item.session.id);
        return li;
      }));
    } catch (error) { showError(error); }
  }

  async function openSession(id) {
    state.session = id;
    $("messages").replaceChildren();
    const page = await (await api("/memory/" + encodeURIComponent(id) + "?limit=500")).json();
    for (const message of page.messages) {
      if (message.role !== "user" && message.role !== "assistant") continue;
      const view = addMessage(message.role, message.role === "assistant" ? (message.model || "assistant") : "you");
      view.setText(message.content);
      if (message.citations && message.citations.length) {
        view.addCitations(message.citations);
      }
    }
    loadSessions();
  }

  // Messages
  function addMessage(role, meta) {
    const box = document.createElement("div");
    box.className = "message " + role;
    const head = document.createElement("div");
    head.className = "meta";
    head.textContent = meta;
    const body = document.createElement("div");
    body.className = "body";
    const cites = document.createElement("div");
    cites.className = "citations";
    box.append(head, body, cites);
    $("messages").append(box);
    let text = "";
    const view = {
      box: box,
      setMeta: (value) => { head.textContent = value; },
      setText: (value) => { text = value; body.innerHTML = CodexMarkdown.render(text); scroll(); },
      append: (piece) => { view.setText(text + piece); },
      addCitations: (list) => {
        for (const c of list) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "citation";
          button.textContent = c.path + ":" + c.start_line + "-" + c.end_line;
          button.onclick = () => showPassage(c);
          cites.append(button);
        }
      },
    };
    return view;
  }

  function scroll() { const m = $("messages"); m.scrollTop = m.scrollHeight; }

  function showError(error) {
    const view = addMessage("error", "error");
    view.setText(String(error.message || error));
  }

  function showPassage(citation) {
    $("passage-title").textContent = citation.path + ":" + citation.start_line + "-" + citation.end_line + (citation.heading ? " — " + citation.heading : "");
    $("passage-text").textContent = citation.text || "(open the file to see this passage)";
    $("passage").showModal();
  }

  // Chat over Server-Sent Events
  async function send(message) {
    addMessage("user", "you").setText(message);
    const reply = addMessage("assistant", "…");
    const controller = new AbortController();
    state.controller = controller;
    $("send").hidden = true;
    $("stop").hidden = false;
    const body = { message: message, stream: true };
    if (state.session) body.session_id = state.session;
    if ($("model").value) body.model = $("model").value;
    if ($("provider").value) body.provider = $("provider").value;
    if ($("collection").value) body.collection = $("collection").value;
    try {
      const response = await api("/chat", {
        method: "POST", body: JSON.stringify(body), signal: controller.signal,
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
      });
      await readEvents(response, (event, data) => {
        if (event === "routed") reply.setMeta(data.model + " via " + data.provider);
        else if (event === "token") reply.append(data.text);
        else if (event === "citation") reply.addCitations([data]);
        else if (event === "tool_call") reply.append("\n\n`" + data.name + "(" + data.arguments + ")`\n\n");
        else if (event === "notice") reply.box.title = data.message;
        else if (event === "error") reply.append("\n\n**Error:** " + data.error.message + (data.error.hint ? " — " + data.error.hint : ""));
        else if (event === "done") {
          if (data.session_id) state.session = data.session_id;
          if (data.incomplete) reply.append("\n\n*(stopped: " + (data.error || "incomplete") + ")*");
          reply.box.dataset.messageId = data.message_id;
        }
      });
    } catch (error) {
      if (error.name !== "AbortError") showError(error);
    } finally {
      state.controller = null;
      $("send").hidden = false;
      $("stop").hidden = true;
      loadSessions();
    }
  }

  async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message", data = "";
        for (const line of frame.split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data += (data ? "\n" : "") + line.slice(6);
        }
        if (data) onEvent(event, JSON.parse(data));
      }
    }
  }

  // Pickers and health
  async function loadPickers() {
    try {
      const health = await (await fetch("/health")).json();
      $("health").textContent = "codex " + health.version + " · " + health.status;
      for (const p of health.providers) {
        const option = new Option(p.id + (p.up ? "" : " (down)"), p.id);
        $("provider").append(option);
      }
      const models = await (await api("/v1/models")).json();
      for (const m of models.data) $("model").append(new Option(m.id + " (" + m.owned_by + ")", m.id));
      const docs = await (await api("/docs")).json();
      for (const c of docs.collections) $("collection").append(new Option(c.name + " (" + c.documents + ")", c.name));
    } catch (error) { $("health").textContent = String(error.message || error); }
  }

  // Ingest: drag and drop, with upload progress
  function ingest(files) {
    if (!files.length) return;
    const form = new FormData();
    // "all" searches every collection; an upload still goes to one.
    form.append("collection", ($("collection").value !== "*" && $("collection").value) || "default");
    for (const file of files) form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    const progress = $("ingest-progress");
    progress.hidden = false;
    progress.value = 0;
    $("ingest-status").textContent = "Uploading " + files.length + " file(s)…";
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total); };
    xhr.upload.onload = () => { $("ingest-status").textContent = "Indexing…"; };
    xhr.onload = () => {
      progress.value = 100;
      try {
        const body = JSON.parse(xhr.responseText);
        $("ingest-status").textContent = xhr.status === 200
          ? "Indexed: " + body.added + " added, " + body.updated + " updated, " + body.unchanged + " unchanged"
          : "Failed: " + body.error.message;
      } catch (_) { $("ingest-status").textContent = "Failed: " + xhr.status; }
    };
    xhr.onerror = () => { $("ingest-status").textContent = "Upload failed"; };
    xhr.open("POST", "/ingest");
    xhr.setRequestHeader("X-Codex-Client", "web-ui");
    if (state.token) xhr.setRequestHeader("Authorization", "Bearer " + state.token);
    xhr.send(form);
  }

  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); ingest(e.dataTransfer.files); });
  $("ingest-files").addEventListener("change", (e) => ingest(e.target.files));

  // Export and import
  $("export").onclick = async () => {
    if (!state.session) return showError(new Error("open a session to export it"));
    const format = $("export-format").value;
    const response = await api("/memory/" + state.session + "/export?format=" + encodeURIComponent(format));
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "codex-" + state.session.slice(0, 8) + "." + format;
    link.click();
  };
  $("import").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    try {
      await api("/memory/import", { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } });
      loadSessions();
    } catch (error) { showError(error); }
  });

  // Composer
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("message").value.trim();
    if (!text || state.controller) return;
    $("message").value = "";
    send(text);
  });
  $("message").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("composer").requestSubmit(); }
  });
  $("stop").onclick = () => { if (state.controller) state.controller.abort(); };
  $("new-chat").onclick = () => { state.session = null; $("messages").replaceChildren(); loadSessions(); };

  loadPickers();
  loadSessions();
})();
