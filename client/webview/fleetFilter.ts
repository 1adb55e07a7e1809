/**
 * The label filter of the fleet panel: "job=node" matches a label exactly, "instance=~web" by substring, and a bare
 * word matches any label's value; every term must match. Case-insensitive.
 */
export interface FilterTerm {
  label: string | undefined;
  op: '=' | '=~' | '~';
  value: string;
}

export function parseFilter(text: string): FilterTerm[] {
  return String(text)
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t): FilterTerm => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(=~|=)(.*)$/.exec(t);
      return m ? { label: m[1]!, op: m[2] as '=' | '=~', value: m[3]!.toLowerCase() } : { label: undefined, op: '~', value: t.toLowerCase() };
    });
}

export function matches(labels: Readonly<Record<string, string>>, terms: readonly FilterTerm[]): boolean {
  return terms.every((t) => {
    if (t.label === undefined) return Object.keys(labels).some((k) => String(labels[k]).toLowerCase().includes(t.value));
    const v = labels[t.label];
    if (v === undefined) return false;
    return t.op === '=' ? String(v).toLowerCase() === t.value : String(v).toLowerCase().includes(t.value);
  });
}
