/**
 * DOM helpers of the webview scripts. Every value from a host or from Prometheus goes in as text
 * (textContent), never as HTML; charts are SVG elements. No inline styles (the panels' CSP forbids them).
 */

const SVG = 'http://www.w3.org/2000/svg';

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: unknown): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Writes text only when it changed (rewriting equal text would drop a selection inside it). */
export function setText(node: Node, text: unknown): void {
  const t = text === undefined || text === null ? '' : String(text);
  if (node.textContent !== t) node.textContent = t;
}

export function setClass(node: Element, cls: string): void {
  if (node.className !== cls) node.className = cls;
}

export function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) node.hidden = hidden;
}

/** Puts `nodes` into `parent` in this order, moving only those out of place, and removes the others. */
export function arrange(parent: Element, nodes: readonly Element[]): void {
  const wanted = new Set(nodes);
  for (const child of Array.from(parent.children)) if (!wanted.has(child)) parent.removeChild(child);
  nodes.forEach((node, i) => {
    const at = parent.children[i];
    if (at !== node) parent.insertBefore(node, at ?? null);
  });
}

/** Keeps the first `count` children of a list, adding `tag` elements as needed, and returns them. */
export function listItems(list: HTMLElement, count: number): Element[] {
  while (list.children.length > count) list.removeChild(list.lastChild!);
  while (list.children.length < count) list.appendChild(el('li'));
  return Array.from(list.children);
}

export interface SparklineSize {
  width: number;
  height: number;
}

/** An empty sparkline (an SVG with one polyline); `lineClass` styles the line. */
export function newSparkline(size: SparklineSize, lineClass = 'spark-line'): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
  svg.setAttribute('width', String(size.width));
  svg.setAttribute('height', String(size.height));
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('class', lineClass);
  svg.appendChild(line);
  return svg;
}

/** Draws `values` into a sparkline made by newSparkline (nothing with fewer than two values). */
export function setSparkline(svg: SVGSVGElement, values: readonly number[], size: SparklineSize): void {
  const line = svg.firstChild as SVGPolylineElement;
  if (values.length < 2) {
    line.setAttribute('points', '');
    return;
  }
  const { width: w, height: h } = size;
  const min = Math.min(...values);
  const span = Math.max(1, Math.max(...values) - min);
  const points = values.map((v, i) => `${((i * (w - 2)) / (values.length - 1) + 1).toFixed(1)},${(h - 2 - ((v - min) * (h - 4)) / span).toFixed(1)}`);
  line.setAttribute('points', points.join(' '));
}

export function formatCount(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  return n >= 100 || Number.isInteger(n) ? Math.round(n).toLocaleString('en-US') : n.toFixed(n < 10 ? 2 : 1);
}
