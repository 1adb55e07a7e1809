import type { Fix, TextEdit } from '../../../finding';
import type { GoFileContext } from '../../goFileContext';
import { deleteStatementLines } from '../../goEditText';
import { addImports } from '../../goImportEdits';
import { libraryConstructor } from '../../goLibraryModels';
import { builtAndDroppedPerCall } from '../../goPerCallConstruction';
import { code } from '../../goMessageText';
import { resultStored } from '../../goResultStorage';
import { readKeyedEntries, renderKeyedBody, type KeyedEntry } from '../../goLiteralText';
import { child, namedChildren, unparen, walk, type GoNode } from '../../goTree';
import { enclosingFunction, functionName, isNamedType, isQualifiedName, topLevelDeclaration } from '../../goTypes';
import type { Report } from '../go-unclosed-body/model';

/** A construction of something that owns a connection pool. */
export interface Construction {
  /** The whole expression (`&http.Client{...}`, `new(http.Transport)`, `sql.Open(...)`). */
  node: GoNode;
  kind: 'client' | 'transport' | 'pool';
  label: string;
  /** The composite literal, for http.Client / http.Transport literals. */
  literal?: GoNode;
  /** For a client literal: the literal (or `new`) of its inline transport. */
  transport?: GoNode;
}


function stripAddress(ctx: GoFileContext, node: GoNode): { expr: GoNode; pointer: boolean } {
  const p = node.parent;
  if (p?.type === 'unary_expression' && ctx.text(child(p, 'operator')) === '&') return { expr: p, pointer: true };
  return { expr: node, pointer: false };
}

/** A fresh transport expression: `&http.Transport{...}`, `new(http.Transport)`, or a Clone of the default one. */
export function freshTransport(ctx: GoFileContext, expr: GoNode | undefined): GoNode | undefined {
  let e = unparen(expr);
  if (e?.type === 'unary_expression' && ctx.text(child(e, 'operator')) === '&') e = unparen(child(e, 'operand'));
  if (!e) return undefined;
  if (e.type === 'composite_literal' && isNamedType(ctx.tree, ctx.imports, child(e, 'type'), 'net/http', 'Transport', false)) return e;
  if (e.type === 'call_expression') {
    const fn = child(e, 'function');
    const args = namedChildren(child(e, 'arguments') ?? e);
    if (fn?.type === 'identifier' && ctx.text(fn) === 'new' && isNamedType(ctx.tree, ctx.imports, args[0], 'net/http', 'Transport', false)) return e;
    if (isDefaultTransportClone(ctx, e)) return e;
  }
  return undefined;
}

function isDefaultTransportClone(ctx: GoFileContext, call: GoNode): boolean {
  const fn = child(call, 'function');
  if (fn?.type !== 'selector_expression' || ctx.text(child(fn, 'field')) !== 'Clone') return false;
  const assertion = unparen(child(fn, 'operand'));
  return (
    assertion?.type === 'type_assertion_expression' &&
    isQualifiedName(ctx.tree, ctx.imports, child(assertion, 'operand'), 'net/http', 'DefaultTransport') &&
    isNamedType(ctx.tree, ctx.imports, child(assertion, 'type'), 'net/http', 'Transport', true)
  );
}

function keyedValue(ctx: GoFileContext, literal: GoNode, key: string): GoNode | undefined {
  const body = child(literal, 'body');
  for (const el of namedChildren(body ?? literal)) {
    if (el.type === 'keyed_element' && ctx.text(child(el, 'key')) === key) {
      const v = child(el, 'value');
      return v && v.type === 'literal_element' ? namedChildren(v)[0] : v;
    }
  }
  return undefined;
}

/**
 * A transport literal whose dial function connects to a Unix socket (`net.Dial("unix", …)`): no TCP
 * ports, no TIME_WAIT, so a per-call transport costs no ephemeral port.
 */
function dialsUnixSocket(ctx: GoFileContext, literal: GoNode): boolean {
  for (const key of ['Dial', 'DialContext']) {
    const value = keyedValue(ctx, literal, key);
    if (value && /"unix(packet)?"/.test(ctx.text(value))) return true;
  }
  return false;
}

/** The transport literal/new/clone this node belongs to as the inline Transport of a client literal. */
function enclosingClientLiteral(ctx: GoFileContext, transportExpr: GoNode): GoNode | undefined {
  let p = transportExpr.parent;
  if (p?.type === 'unary_expression') p = p.parent;
  if (p?.type !== 'literal_element') return undefined;
  const keyed = p.parent;
  if (keyed?.type !== 'keyed_element' || ctx.text(child(keyed, 'key')) !== 'Transport') return undefined;
  const lit = keyed.parent?.parent;
  if (lit?.type === 'composite_literal' && isNamedType(ctx.tree, ctx.imports, child(lit, 'type'), 'net/http', 'Client', false)) return lit;
  return undefined;
}

export function constructionAt(ctx: GoFileContext, n: GoNode): Construction | undefined {
  if (n.type === 'composite_literal') {
    const type = child(n, 'type');
    if (isNamedType(ctx.tree, ctx.imports, type, 'net/http', 'Client', false)) {
      const transport = freshTransport(ctx, keyedValue(ctx, n, 'Transport'));
      if (!transport) return undefined; // shares http.DefaultTransport (or a transport made elsewhere)
      if (transport.type === 'composite_literal' && dialsUnixSocket(ctx, transport)) return undefined;
      return { node: stripAddress(ctx, n).expr, kind: 'client', label: 'http.Client (own Transport)', literal: n, transport };
    }
    if (isNamedType(ctx.tree, ctx.imports, type, 'net/http', 'Transport', false)) {
      if (enclosingClientLiteral(ctx, n)) return undefined;
      if (dialsUnixSocket(ctx, n)) return undefined;
      return { node: stripAddress(ctx, n).expr, kind: 'transport', label: 'http.Transport', literal: n };
    }
    return undefined;
  }
  if (n.type !== 'call_expression') return undefined;
  const fn = child(n, 'function');
  if (freshTransport(ctx, n) === n) {
    if (enclosingClientLiteral(ctx, n)) return undefined;
    return { node: n, kind: 'transport', label: isDefaultTransportClone(ctx, n) ? 'http.Transport (default Clone)' : 'http.Transport' };
  }
  if (fn?.type === 'selector_expression') {
    const operand = child(fn, 'operand');
    const pkg = operand?.type === 'identifier' ? ctx.imports.pathOf(ctx.text(operand)) : undefined;
    if (!pkg) return undefined;
    const name = ctx.text(child(fn, 'field'));
    const ctor = libraryConstructor(pkg, name);
    if (ctor?.builds === 'pool') return { node: n, kind: 'pool', label: ctor.label };
  }
  return undefined;
}

/** Where the constructed value goes: a plain local, or somewhere that outlives the call (field, map, package var). */
function storedLongLived(ctx: GoFileContext, node: GoNode): boolean {
  let n = node;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === 'parenthesized_expression' || p.type === 'unary_expression' || p.type === 'literal_element' || p.type === 'keyed_element' || p.type === 'literal_value') {
      if (p.type === 'literal_value') return true; // an element of a struct/slice/map literal
      continue;
    }
    if (p.type === 'composite_literal') return true;
    if (p.type === 'argument_list') {
      const fn = child(p.parent!, 'function');
      return fn?.type === 'identifier' && ctx.text(fn) === 'append';
    }
    if (p.type === 'expression_list' && p.field === 'right' && p.parent?.type === 'assignment_statement') {
      const targets = namedChildren(child(p.parent, 'left') ?? p.parent);
      const index = namedChildren(p).indexOf(n);
      const t = targets[index] ?? targets[0];
      if (!t) return false;
      if (t.type === 'selector_expression' || t.type === 'index_expression') return true;
      return t.type === 'identifier' && ctx.summary.packageVars.has(ctx.text(t)) && !declaredLocally(ctx, t);
    }
    return false;
  }
  return false;
}

function declaredLocally(ctx: GoFileContext, id: GoNode): boolean {
  const fn = enclosingFunction(id);
  if (!fn) return false;
  const name = ctx.text(id);
  let found = false;
  walk(fn, (n) => {
    if (found) return false;
    if (n.type === 'short_var_declaration' || n.type === 'var_spec' || n.type === 'parameter_declaration') {
      const targets = n.type === 'short_var_declaration' ? namedChildren(child(n, 'left') ?? n) : n.children.filter((c) => c.field === 'name');
      if (targets.some((t) => ctx.text(t) === name)) found = true;
    }
  });
  return found;
}

/**
 * True when the value of `expr` ends up somewhere that outlives the loop iteration: a map or slice
 * element, a field, a package variable, a channel, a return value — directly, inside a composite
 * literal, or through up to three local variables.
 */
function flowsIntoStorage(ctx: GoFileContext, expr: GoNode, depth: number): boolean {
  let n = expr;
  let p = n.parent;
  while (p && ['parenthesized_expression', 'unary_expression', 'literal_element', 'keyed_element', 'literal_value', 'composite_literal'].includes(p.type)) {
    n = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'argument_list') {
    const fn = child(p.parent!, 'function');
    return fn?.type === 'identifier' && ctx.text(fn) === 'append';
  }
  if (p.type === 'send_statement' || p.type === 'return_statement') return true;
  if (p.type === 'expression_list' && p.parent?.type === 'return_statement') return true;
  let target: GoNode | undefined;
  if (p.type === 'expression_list' && (p.field === 'right' || p.field === 'value')) {
    const owner = p.parent!;
    const index = namedChildren(p).indexOf(n);
    if (owner.type === 'var_spec') target = owner.children.filter((c) => c.field === 'name')[index];
    else if (owner.type === 'assignment_statement' || owner.type === 'short_var_declaration') target = namedChildren(child(owner, 'left') ?? owner)[index];
  }
  if (!target) return false;
  if (target.type === 'index_expression' || target.type === 'selector_expression') return true;
  if (target.type !== 'identifier' || depth >= 3) return false;
  const name = ctx.text(target);
  if (name === '_') return false;
  if (ctx.summary.packageVars.has(name) && !declaredLocally(ctx, target)) return true;
  const fn = enclosingFunction(target);
  let stored = false;
  if (fn) walk(child(fn, 'body') ?? fn, (m) => {
    if (stored) return false;
    if (m.type === 'identifier' && m.start > target!.end && ctx.text(m) === name && flowsIntoStorage(ctx, m, depth + 1)) stored = true;
  });
  return stored;
}

/** `x = construction` (plain assignment) inside a loop, where x is declared outside that loop. */
function assignedToOuterVariable(ctx: GoFileContext, node: GoNode): boolean {
  const list = node.parent;
  const stmt = list?.parent;
  if (list?.type !== 'expression_list' || list.field !== 'right' || stmt?.type !== 'assignment_statement') return false;
  const target = namedChildren(child(stmt, 'left') ?? stmt)[namedChildren(list).indexOf(node)];
  if (target?.type !== 'identifier') return false;
  let loop: GoNode | undefined;
  for (let p = stmt.parent; p && !['function_declaration', 'method_declaration', 'func_literal'].includes(p.type); p = p.parent) {
    if (p.type === 'for_statement') {
      loop = p;
      break;
    }
  }
  if (!loop) return false;
  const name = ctx.text(target);
  let declaredInside = false;
  walk(child(loop, 'body') ?? loop, (n) => {
    if (declaredInside) return false;
    if (n.type === 'short_var_declaration' && namedChildren(child(n, 'left') ?? n).some((t) => ctx.text(t) === name)) declaredInside = true;
    if (n.type === 'var_spec' && n.children.some((c) => c.field === 'name' && ctx.text(c) === name)) declaredInside = true;
  });
  return !declaredInside;
}

/** Inside `if x == nil { ... }` (lazy initialisation of a cached client). */
function underNilGuard(ctx: GoFileContext, node: GoNode): boolean {
  for (let p = node.parent; p && p.type !== 'function_declaration' && p.type !== 'method_declaration'; p = p.parent) {
    if (p.type === 'if_statement' && /==\s*nil/.test(ctx.text(child(p, 'condition')))) return true;
  }
  return false;
}

function whereText(ctx: GoFileContext, node: GoNode, reason: 'handler' | 'loop' | 'caller'): string {
  if (reason === 'handler') return 'for every request (in an HTTP handler)';
  if (reason === 'loop') return 'on every loop iteration';
  const top = topLevelDeclaration(node);
  const name = top ? functionName(ctx.tree, top) : undefined;
  return `each time ${code(name ?? 'this function', 20)} runs (per request or loop)`;
}

export function checkPerRequestClients(ctx: GoFileContext, report: Report): void {
  if (ctx.isTestFile) return;
  walk(ctx.tree.root, (n) => {
    const c = constructionAt(ctx, n);
    if (!c) return;
    const where = ctx.perRequest(c.node);
    if (!where) {
      // Built, used for a request and dropped inside one function: per call, whoever the callers are.
      const fnName = builtAndDroppedPerCall(ctx, c, underNilGuard(ctx, c.node));
      if (fnName) reportPerCall(ctx, c, fnName, report);
      return;
    }
    if (storedLongLived(ctx, c.node) && (where.reason === 'loop' || underNilGuard(ctx, c.node))) return;
    // `db, err = sql.Open(...)` in a retry loop: the variable outlives the loop, only the last one is kept.
    if (where.reason === 'loop' && assignedToOuterVariable(ctx, c.node)) return;
    // One long-lived client per item (`clients[region] = &http.Client{Transport: tr}`), even through locals.
    if (where.reason === 'loop' && flowsIntoStorage(ctx, c.node, 0)) return;
    // A helper that keeps what it builds (`m.clients = append(m.clients, &server{client: c})`): one per configured item.
    if (where.reason === 'caller' && resultStored(ctx.tree, c.node)) return;
    const hoist = c.kind === 'pool' ? { reason: 'No automatic fix for database, Redis, gRPC pools and library clients (their creation needs configuration and may fail): create it once in main or a constructor and pass it in.' } : hoistFix(ctx, c);
    const fixes = 'fix' in hoist ? [hoist.fix] : [];
    const explanation = 'reason' in hoist ? `${ruleExplanationNote(hoist.reason)}` : undefined;
    report(
      'go-per-request-client',
      c.node,
      `New ${c.label} ${whereText(ctx, c.node, where.reason)}; create it once and reuse it`,
      fixes,
      explanation,
    );
    return false;
  });
}

const PER_CALL_NOTE =
  '**Medium confidence:** this function builds the client, uses it and drops it, so every call dials anew and leaves idle connections ' +
  'behind; how often it runs depends on its callers, which are not all in view.\n\n';

function reportPerCall(ctx: GoFileContext, c: Construction, fnName: string, report: Report): void {
  const hoist = hoistFix(ctx, c);
  const fixes = 'fix' in hoist ? [{ ...hoist.fix, preferred: false }] : [];
  const note = 'reason' in hoist ? `${PER_CALL_NOTE}${ruleExplanationNote(hoist.reason)}` : PER_CALL_NOTE;
  report('go-per-request-client', c.node, `New ${c.label} on every call of ${code(fnName, 24)}, used once and dropped; create it once and reuse it`, fixes, note, 'medium');
}

function ruleExplanationNote(reason: string): string {
  return `**No quick fix here:** ${reason}\n\n`;
}

// ---- Hoist fix -------------------------------------------------------------------------------

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
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    // One set of the file's identifiers, not a whole-text search per finding.
    if (!ctx.summary.topLevelNames.has(name) && !ctx.identifierNames().has(name)) return name;
  }
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

function hoistFix(ctx: GoFileContext, c: Construction): { fix: Fix } | { reason: string } {
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
