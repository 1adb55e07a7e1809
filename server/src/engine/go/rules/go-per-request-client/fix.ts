import { freshName } from '../../goScopes';
import type { Fix, TextEdit } from '../../../finding';
import type { GoFileContext } from '../../goFileContext';
import { deleteStatementLines } from '../../goEditText';
import { addImports } from '../../goImportEdits';
import { readKeyedEntries, renderKeyedBody, type KeyedEntry } from '../../goLiteralText';
import { child, namedChildren, walk, type GoNode } from '../../goTree';
import { enclosingFunction } from '../../goTypes';
import { declaredLocally, type Construction } from './model';

const PREDECLARED = new Set(['true', 'false', 'nil', 'iota', 'len', 'cap', 'make', 'new', 'append', 'string', 'int', 'int64', 'uint', 'byte', 'bool', 'float64', 'error', 'any']);

function transportTemplate(): KeyedEntry[] {
  const e = (key: string, value: string): KeyedEntry => ({ key, value, baseIndent: '' });
  return [
    e('Proxy', 'http.ProxyFromEnvironment'),
    e('DialContext', '(&net.Dialer{\n\tTimeout:   30 * time.Second,\n\tKeepAlive: 30 * time.Second,\n}).DialContext'),
    e('MaxIdleConns', '100'),
    e('MaxIdleConnsPerHost', '100'),
    e('IdleConnTimeout', '90 * time.Second'),
    e('TLSHandshakeTimeout', '10 * time.Second'),
    e('ExpectContinueTimeout', '1 * time.Second'),
  ];
}

function merge(template: KeyedEntry[], original: KeyedEntry[]): KeyedEntry[] {
  const maxIdle = original.find((o) => o.key === 'MaxIdleConns');
  const out = template.map((t) => {
    const own = original.find((o) => o.key === t.key);
    if (own) return own;
    // Keep the per-host limit in line with a total the code chose itself.
    if (t.key === 'MaxIdleConnsPerHost' && maxIdle && !/^[0-2]$/.test(maxIdle.value.trim())) return { ...t, value: maxIdle.value, comment: undefined };
    return t;
  });
  for (const o of original) if (!template.some((t) => t.key === o.key)) out.push(o);
  return out;
}

/** Identifiers in `node` that are neither package-level names, imports, builtins nor declared inside it. */
function localReferences(ctx: GoFileContext, node: GoNode): string[] {
  const declaredInside = new Set<string>();
  walk(node, (n) => {
    if (n.type === 'parameter_declaration') for (const c of n.children) if (c.field === 'name') declaredInside.add(ctx.text(c));
    if (n.type === 'short_var_declaration') for (const t of namedChildren(child(n, 'left') ?? n)) declaredInside.add(ctx.text(t));
  });
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.type === 'keyed_element') {
      const v = child(n, 'value');
      if (v) walk(v, (m) => collect(m));
      return false;
    }
    return collect(n);
  });
  function collect(n: GoNode): boolean | void {
    if (n.type === 'keyed_element') {
      const v = child(n, 'value');
      if (v) walk(v, (m) => collect(m));
      return false;
    }
    if (n.type !== 'identifier') return;
    const name = ctx.text(n);
    if (PREDECLARED.has(name) || declaredInside.has(name) || ctx.imports.pathOf(name)) return;
    if (ctx.summary.topLevelNames.has(name) && !declaredLocally(ctx, n)) return;
    out.add(name);
  }
  return [...out];
}

/** Package-level variables that `node` reads (not constants, functions or types). */
function packageVariablesRead(ctx: GoFileContext, node: GoNode): string[] {
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.type === 'keyed_element') {
      const v = child(n, 'value');
      if (v) walk(v, (m) => {
        if (m.type === 'identifier' && ctx.summary.packageVars.has(ctx.text(m)) && !declaredLocally(ctx, m)) out.add(ctx.text(m));
      });
      return false;
    }
    if (n.type === 'identifier' && ctx.summary.packageVars.has(ctx.text(n)) && !declaredLocally(ctx, n)) out.add(ctx.text(n));
  });
  return [...out];
}

function pickName(ctx: GoFileContext, base: string): string {
  // One set of the file's identifiers, not a whole-text search per finding.
  return freshName(base, (name) => ctx.summary.topLevelNames.has(name) || ctx.identifierNames().has(name));
}

/** The variable a construction is assigned to (`v := X`, `var v = X`), if any. */
function assignedVariable(ctx: GoFileContext, node: GoNode): string | undefined {
  const list = node.parent;
  if (list?.type !== 'expression_list') return undefined;
  const owner = list.parent;
  const index = namedChildren(list).indexOf(node);
  if (owner?.type === 'short_var_declaration' || owner?.type === 'assignment_statement') {
    const t = namedChildren(child(owner, 'left') ?? owner)[index];
    return t?.type === 'identifier' ? ctx.text(t) : undefined;
  }
  if (owner?.type === 'var_spec') {
    const t = owner.children.filter((c) => c.field === 'name')[index];
    return t ? ctx.text(t) : undefined;
  }
  return undefined;
}

/** True when the function changes the object after creating it (a shared one must not be mutated per request). */
function mutatedLater(ctx: GoFileContext, node: GoNode, variable: string): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  let mutated = false;
  walk(fn, (n) => {
    if (mutated) return false;
    if (n.type === 'selector_expression') {
      const operand = child(n, 'operand');
      if (operand?.type !== 'identifier' || ctx.text(operand) !== variable) return;
      const field = ctx.text(child(n, 'field'));
      if (field === 'CloseIdleConnections' || field === 'RegisterProtocol') mutated = true;
      const list = n.parent;
      if (list?.type === 'expression_list' && list.field === 'left') mutated = true;
      if (list?.type === 'selector_expression' || list?.type === 'index_expression') {
        // v.TLSClientConfig.X = ... also mutates
        let top: GoNode = list;
        while (top.parent && (top.parent.type === 'selector_expression' || top.parent.type === 'index_expression')) top = top.parent;
        if (top.parent?.type === 'expression_list' && top.parent.field === 'left') mutated = true;
      }
    }
    if (n.type === 'inc_statement' || n.type === 'dec_statement') {
      if (ctx.text(n).startsWith(`${variable}.`)) mutated = true;
    }
  });
  return mutated;
}

export function hoistFix(ctx: GoFileContext, c: Construction): { fix: Fix } | { reason: string } {
  if (c.kind === 'transport' && !c.literal && !(c.node.type === 'call_expression' && ctx.text(child(c.node, 'function')) === 'new')) {
    return hoistClone(ctx, c);
  }
  const pointer = c.node.type !== 'composite_literal';
  if (!pointer) return { reason: 'the value is copied rather than referenced; declare one package-level `*http.Client` and use it.' };
  const locals = localReferences(ctx, c.node);
  if (locals.length) {
    return { reason: `the settings read per-request values (${locals.map((l) => `\`${l}\``).join(', ')}), so one shared instance would not be equivalent. Build the shared client from configuration known at start-up instead.` };
  }
  const variable = assignedVariable(ctx, c.node);
  if (variable && mutatedLater(ctx, c.node, variable)) {
    return { reason: `\`${variable}\` is modified after it is created; sharing it would make every request change the same object. Configure it fully at package level instead.` };
  }
  // Transport entries: from the transport literal (client case: its inline Transport), or none for `new`.
  let transportLiteral: GoNode | undefined;
  if (c.kind === 'transport') transportLiteral = c.literal;
  else if (c.transport?.type === 'composite_literal') transportLiteral = c.transport;
  else if (c.transport && c.transport.type === 'call_expression' && ctx.text(child(c.transport, 'function')) !== 'new') {
    return { reason: 'the transport is cloned from the default one; move the Clone into a package-level variable.' };
  }
  const original = transportLiteral ? readKeyedEntries(ctx, transportLiteral) : [];
  if (!original) return { reason: 'the literal holds comments or positional fields; hoist it by hand.' };
  let transportEntries = merge(transportTemplate(), original.filter((e) => e.key !== 'DisableKeepAlives'));
  if (original.some((e) => e.key === 'Dial' || e.key === 'DialTLS')) transportEntries = transportEntries.filter((e) => e.key !== 'DialContext' || original.some((o) => o.key === 'DialContext'));
  let declaration: string;
  let name: string;
  const comment = (n: string, what: string) =>
    `// ${n} is created once and reused by every request: ${what} keeps connections\n// alive and pooled instead of dialing a new one (and leaving a TIME_WAIT socket) each time.\n`;
  if (c.kind === 'client') {
    const clientEntries = readKeyedEntries(ctx, c.literal!);
    if (!clientEntries) return { reason: 'the literal holds comments or positional fields; hoist it by hand.' };
    const transportText = `&http.Transport${renderKeyedBody(transportEntries, '\t', true)}`;
    const rest = clientEntries.filter((e) => e.key !== 'Transport');
    const entries: KeyedEntry[] = [];
    if (!rest.some((e) => e.key === 'Timeout')) entries.push({ key: 'Timeout', value: '30 * time.Second', baseIndent: '' });
    entries.push(...rest.map((e) => ({ ...e })));
    entries.push({ key: 'Transport', value: transportText, baseIndent: '\t' });
    name = pickName(ctx, 'sharedHTTPClient');
    declaration = `${comment(name, 'its transport')}var ${name} = &http.Client${renderKeyedBody(entries, '', true)}`;
  } else {
    name = pickName(ctx, 'sharedTransport');
    declaration = `${comment(name, 'it')}var ${name} = &http.Transport${renderKeyedBody(transportEntries, '', true)}`;
  }
  const needed = ['net', 'time'].filter((p) => new RegExp(`\\b${p}\\.`).test(declaration));
  const importEdits = addImports(ctx, needed);
  if (!importEdits) return { reason: 'the `net` or `time` package name is taken by another import in this file.' };
  const importDecls = ctx.tree.root.children.filter((d) => d.type === 'import_declaration');
  const lastImport = importDecls[importDecls.length - 1];
  if (!lastImport) return { reason: 'the file has no import declaration to anchor the new variable.' };
  const edits: TextEdit[] = [...importEdits];
  // The declaration goes after the imports. It replaces the import's last character rather than
  // inserting at a point, so two hoists in one file overlap: fix-all applies one per round and the
  // next one, re-analysed, picks another name and finds the imports already there.
  const rewritten = edits.find((e) => e.end === lastImport.end);
  if (rewritten) rewritten.newText += `\n\n${declaration}`;
  else {
    const lastChar = ctx.tree.text.slice(lastImport.end - 1, lastImport.end);
    edits.push({ start: lastImport.end - 1, end: lastImport.end, newText: `${lastChar}\n\n${declaration}` });
  }
  edits.push({ start: c.node.start, end: c.node.end, newText: name });
  // Not preferred when hoisting changes more than the socket: a deliberate DisableKeepAlives is dropped, or
  // package variables (configuration, possibly set in main after start-up) would be read once at init.
  const dropsDisable = original.some((e) => e.key === 'DisableKeepAlives' && e.value.trim() !== 'false');
  const readsConfig = packageVariablesRead(ctx, c.node);
  const preferred = !dropsDisable && readsConfig.length === 0;
  const why = dropsDisable ? ', drops DisableKeepAlives' : readsConfig.length ? `, reads ${readsConfig.join(', ')} once at start-up` : '';
  return { fix: { title: `Hoist to a shared package-level ${c.kind === 'client' ? 'http.Client' : 'http.Transport'} (${name})${why}`, preferred, edits } };
}

/**
 * `t := http.DefaultTransport.(*http.Transport).Clone()` followed by settings `t.X = ...`: hoist the
 * clone and those settings into a package-level variable initialised once by a function literal.
 */
function hoistClone(ctx: GoFileContext, c: Construction): { fix: Fix } | { reason: string } {
  const cannot = { reason: 'the cloned transport is adjusted in ways that cannot be moved to package level automatically (settings that read per-request values, or changes after it is used); move the Clone and its settings into a package-level variable initialised once.' };
  const list = c.node.parent;
  const stmt = list?.parent;
  if (list?.type !== 'expression_list' || stmt?.type !== 'short_var_declaration' || stmt.parent?.type !== 'statement_list') return cannot;
  const targets = namedChildren(child(stmt, 'left') ?? stmt);
  if (targets.length !== 1 || targets[0].type !== 'identifier') return cannot;
  const variable = ctx.text(targets[0]);
  // The settings: consecutive `v.Field = value` statements right after, reading nothing per request.
  const siblings = namedChildren(stmt.parent);
  const settings: GoNode[] = [];
  for (const st of siblings.slice(siblings.indexOf(stmt) + 1)) {
    if (st.type !== 'assignment_statement' || ctx.text(child(st, 'operator')) !== '=') break;
    const left = namedChildren(child(st, 'left') ?? st);
    if (left.length !== 1 || !ctx.text(left[0]).startsWith(`${variable}.`) || left[0].type !== 'selector_expression') break;
    if (localReferences(ctx, child(st, 'right') ?? st).length) return cannot;
    settings.push(st);
  }
  // No other change to the transport anywhere else in the function.
  const fn = enclosingFunction(stmt);
  let otherMutation = false;
  if (fn) walk(fn, (n) => {
    if (otherMutation || settings.includes(n)) return false;
    if ((n.type === 'assignment_statement' || n.type === 'inc_statement' || n.type === 'dec_statement') && new RegExp(`^${variable}\\.`).test(ctx.text(n))) otherMutation = true;
    if (n.type === 'selector_expression' && ctx.text(n) === `${variable}.CloseIdleConnections`) otherMutation = true;
  });
  if (otherMutation) return cannot;
  const deletions: TextEdit[] = [];
  for (const st of settings) {
    const del = deleteStatementLines(ctx, st);
    if (!del) return cannot;
    deletions.push(del);
  }
  const name = pickName(ctx, 'sharedTransport');
  const clone = ctx.text(c.node);
  const header = `// ${name} is created once and reused by every request: it keeps connections\n// alive and pooled instead of dialing a new one (and leaving a TIME_WAIT socket) each time.\n`;
  const declaration = settings.length
    ? `${header}var ${name} = func() *http.Transport {\n\t${variable} := ${clone}\n${settings.map((st) => `\t${reindentBlock(ctx, st)}`).join('\n')}\n\treturn ${variable}\n}()`
    : `${header}var ${name} = ${clone}`;
  const importDecls = ctx.tree.root.children.filter((d) => d.type === 'import_declaration');
  const lastImport = importDecls[importDecls.length - 1];
  if (!lastImport) return cannot;
  const lastChar = ctx.tree.text.slice(lastImport.end - 1, lastImport.end);
  // Settings that read package variables (configuration set in main) would be read once at init: not preferred.
  const readsConfig = settings.flatMap((st) => packageVariablesRead(ctx, child(st, 'right') ?? st));
  return {
    fix: {
      title: `Hoist the cloned transport and its settings to a package-level variable (${name})${readsConfig.length ? `, reads ${[...new Set(readsConfig)].join(', ')} once at start-up` : ''}`,
      preferred: readsConfig.length === 0,
      edits: [{ start: lastImport.end - 1, end: lastImport.end, newText: `${lastChar}\n\n${declaration}` }, { start: c.node.start, end: c.node.end, newText: name }, ...deletions],
    },
  };
}

/** A statement's text with continuation lines re-indented to one tab (its new nesting in the func literal). */
function reindentBlock(ctx: GoFileContext, st: GoNode): string {
  const base = ctx.indentAt(st.start);
  return ctx
    .text(st)
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(base) ? `\t${line.slice(base.length)}` : line))
    .join('\n');
}
