import ts = require('typescript');
import type { Report, Reporter } from '../../../rule';
import { jsPerRequestClientInfo } from './info';
import { describeReason } from '../../jsContexts';
import type { JsFile } from '../../jsFile';
import { codeSnippet, fitMessage } from '../../jsMessages';
import type { JsRule } from '../../jsRule';
import { walkNodes } from '../../jsSyntax';
import { hoistClientFixes, type ClientFixes } from './fix';
import {
  assignedLocal,
  bindingIsStored,
  boundVariable,
  clientKind,
  closedOnEveryPath,
  conditionalPair,
  factoryResultKept,
  insideAnotherClient,
  isCachedOrCollected,
  ownsSockets,
  returnedFromLoop,
  setOnceOnInstance,
  type ClientKind,
} from './model';

export const jsPerRequestClient: JsRule<'js-per-request-client'> = {
  info: jsPerRequestClientInfo,
  check: ({ file }, report) => checkPerRequestClients(file, report),
};

function checkPerRequestClients(file: JsFile, report: Reporter): void {
  walkNodes(file.sourceFile, (node) => {
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      const kind = clientKind(file.entities.entityOf(node.expression), ts.isNewExpression(node));
      if (kind) {
        const found = checkConstruction(file, node, kind);
        if (found) report(found);
      }
    }
  });
}


function checkConstruction(file: JsFile, node: ts.NewExpression | ts.CallExpression, kind: ClientKind): Report | undefined {
  const reason = file.contexts.contextOf(node);
  if (!reason) return undefined;
  if (!ownsSockets(file, node, kind)) return undefined;
  const choice = conditionalPair(file, node);
  if (choice === 'second') return undefined; // one finding for `cond ? new https.Agent() : new http.Agent()`
  if (insideAnotherClient(file, node)) return undefined;
  if (isCachedOrCollected(file, node)) return undefined;
  const binding = boundVariable(node);
  if (binding && bindingIsStored(file, binding, node)) return undefined;
  const assigned = assignedLocal(file, node);
  if (assigned && bindingIsStored(file, assigned, node)) return undefined;
  if (factoryResultKept(file, node)) return undefined;
  if (setOnceOnInstance(node)) return undefined;
  if (reason.kind === 'loop' && reason.via.length === 0 && returnedFromLoop(file, node, binding)) return undefined;
  const closed = binding ? closedOnEveryPath(file, binding) : false;
  const where = reason.kind === 'handler' ? 'on every request' : reason.kind === 'loop' ? 'once per item' : reason.kind === 'timer' ? 'on every timer tick' : 'once per event';
  const origin = describeReason(reason);
  const written = `${ts.isNewExpression(node) ? 'new ' : ''}${file.textOf(node.expression)}()`;
  const what = `\`${codeSnippet(written.length <= kind.label.length ? written : kind.label, 36)}\``;
  const message = closed
    ? fitMessage(`${what} is created and closed ${where} (${origin}): one handshake per run; create it once and reuse it`, `${what} is created and closed ${where}: one handshake per run; create it once and reuse it`)
    : fitMessage(`${what} is created ${where} (${origin}) and never reused; create it once and reuse it`, `${what} is created ${where} and never reused; create it once at module scope and reuse it`,
        `${what} is created ${where} and never reused; create it once and reuse it`,
      );
  const start = node.getStart(file.sourceFile);
  const end = node.expression.getEnd();
  const fixes: ClientFixes = choice === 'first'
    ? {
        fixes: [],
        explanation: '**No automatic fix:** one of two clients is chosen at run time. Create both once at module scope (for agents, with `keepAlive: true`) and pick one per request; moving only this one would leave the other per request.',
      }
    : closed
    ? {
        fixes: [],
        explanation: '**No automatic fix:** the code opens and closes this client itself on every run; sharing one instance means removing those calls (for `pg`, use one `Pool` and `pool.query()`), which is a decision for you.',
      }
    : hoistClientFixes(file, node, kind, binding);
  const note = [fixes.explanation, `**Here:** created inside ${origin}.`].filter(Boolean).join('\n\n');
  return { start, end, message, fixes: fixes.fixes, note, ...(closed ? { severity: 'info' as const } : {}) };
}

