// A small Markdown renderer: fenced code, inline code, headings, lists, quotes, bold, italic,
// links and [n] citation markers. Input is escaped first, so model output cannot inject HTML.
(function (global) {
  "use strict";
  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function inline(text) {
    const codes = [];
    let out = escape(text).replace(/`([^`]+)`/g, function (_, code) { codes.push(code); return "\u0000" + (codes.length - 1) + "\u0000"; });
    out = out.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>")
      .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" rel="noopener noreferrer" target="_blank">$1</a>')
      .replace(/\[(\d+)\]/g, '<sup class="ref" data-ref="$1">[$1]</sup>');
    return out.replace(/\u0000(\d+)\u0000/g, function (_, i) { return "<code>" + codes[Number(i)] + "</code>"; });
  }
  function render(source) {
    const lines = source.replace(/\r\n/g, "\n").split("\n");
    const html = [];
    let paragraph = [], list = null, i = 0;
    function flush() {
      if (paragraph.length) { html.push("<p>" + inline(paragraph.join(" ")) + "</p>"); paragraph = []; }
      if (list) { html.push("</" + list + ">"); list = null; }
    }
    while (i < lines.length) {
      const line = lines[i];
      const fence = line.match(/^\s*```\s*([\w+-]*)/);
      if (fence) {
        flush();
        const code = [];
        i++;
        while (i < lines.length && !/^\s*```/.test(lines[i])) { code.push(lines[i]); i++; }
        i++;
        const lang = fence[1] ? ' class="language-' + escape(fence[1]) + '"' : "";
        html.push("<pre><code" + lang + ">" + escape(code.join("\n")) + "</code></pre>");
        continue;
      }
      const heading = line.match(/^(#{1,6})\s+(.*)$/);
      const bullet = line.match(/^\s*[-*+]\s+(.*)$/);
      const numbered = line.match(/^\s*\d+[.)]\s+(.*)$/);
      if (heading) { flush(); html.push("<h" + heading[1].length + ">" + inline(heading[2]) + "</h" + heading[1].length + ">"); }
      else if (bullet || numbered) {
        if (paragraph.length) { html.push("<p>" + inline(paragraph.join(" ")) + "</p>"); paragraph = []; }
        const kind = bullet ? "ul" : "ol";
        if (list !== kind) { if (list) html.push("</" + list + ">"); html.push("<" + kind + ">"); list = kind; }
        html.push("<li>" + inline((bullet || numbered)[1]) + "</li>");
      } else if (/^>\s?/.test(line)) { flush(); html.push("<blockquote>" + inline(line.replace(/^>\s?/, "")) + "</blockquote>"); }
      else if (line.trim() === "") { flush(); }
      else { if (list) { html.push("</" + list + ">"); list = null; } paragraph.push(line); }
      i++;
    }
    flush();
    return html.join("\n");
  }
  global.CodexMarkdown = { render: render, escape: escape };
})(window);
