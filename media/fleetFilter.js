// Socket Lens fleet view: the label filter of the fleet panel, shared by the webview (a global) and the
// tests (a CommonJS module). "job=node" matches a label exactly, "instance=~web" by substring, and a bare
// word matches any label's value; every term must match. Case-insensitive.
((root) => {
  
  function parseFilter(text) {
    return String(text)
      .trim()
      .split(/\s+/)
      .filter((t) => t.length > 0)
      .map((t) => {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(=~|=)(.*)$/.exec(t);
        return m ? { label: m[1], op: m[2], value: m[3].toLowerCase() } : { label: undefined, op: '~', value: t.toLowerCase() };
      });
  }
  function matches(labels, terms) {
    return terms.every((t) => {
      if (t.label === undefined) return Object.keys(labels).some((k) => String(labels[k]).toLowerCase().includes(t.value));
      const v = labels[t.label];
      if (v === undefined) return false;
      return t.op === '=' ? String(v).toLowerCase() === t.value : String(v).toLowerCase().includes(t.value);
    });
  }
  const api = { parseFilter, matches };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.socketLensFleetFilter = api;
})(typeof window !== 'undefined' ? window : globalThis);
