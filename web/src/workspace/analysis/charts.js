// Charts for the analysts' dashboard: Vega-Lite specs compiled in the browser and drawn as SVG by Vega with
// its expression interpreter (no eval, no inline style: the page's Content-Security-Policy holds; decision 0024).
// This is the only module that imports the chart library, and only the dashboard imports it.

import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import { h } from '../../dom.js';

const views = new Set();
let pending = [];
const INK = '#0b0c0c';
const BAR = '#1d70b8';
const SCHEME = ['#1d70b8', '#d4351c', '#00703c', '#6f72af'];

/** Stops every chart drawn so far (listeners and timers), before the page draws new ones. */
export function clearCharts() {
  for (const view of views) view.finalize();
  views.clear();
  pending = [];
}

/** Resolves when every chart asked for so far is drawn. */
export function chartsDrawn() {
  return Promise.all(pending);
}

const config = {
  font: 'system-ui, sans-serif',
  background: null,
  axis: { labelColor: INK, titleColor: INK, labelFontSize: 12, titleFontSize: 12, labelLimit: 220 },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: 12, titleFontSize: 12, orient: 'bottom' },
  view: { stroke: null },
};

async function draw(element, spec, description) {
  const compiled = compile({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config, description, ...spec }).spec;
  // ast: true parses expressions into trees that the interpreter evaluates: no Function constructor.
  const view = new View(parse(compiled, null, { ast: true }), {
    expr: expressionInterpreter, renderer: 'svg', container: element, hover: false,
  });
  views.add(view);
  await view.runAsync();
  return view;
}

/**
 * A chart in a figure: the title and a text description (the table beside it has the same numbers).
 * @param {{ id: string, title: string, description: string, spec: object }} chart
 */
export function figure({ title, description, spec, id }) {
  const canvas = h('div', { class: 'chart-canvas' });
  const captionId = `${id}-caption`;
  const element = h('figure', { class: 'chart', 'aria-labelledby': captionId },
    h('figcaption', { id: captionId },
      h('span', { class: 'chart-title' }, title),
      h('span', { class: 'chart-description' }, description)),
    canvas);
  pending.push(draw(canvas, spec, `${title}. ${description}`).catch((error) => {
    canvas.replaceChildren(h('p', { class: 'chart-error' }, String(error.message ?? error)));
    console.error(error);
  }));
  return element;
}

/** The value axis: from 0, and 0 to 1 when every value is 0 (else Vega draws a single tick of many decimals). */
function valueAxis(rows, title) {
  const empty = rows.every((r) => !r.value);
  return {
    field: 'value', type: 'quantitative', title,
    scale: empty ? { domain: [0, 1] } : { zero: true },
    axis: empty ? { values: [0, 1], format: 'd' } : { tickMinStep: 1 },
  };
}

/**
 * Horizontal bars, one per row: category on the y axis, value on x, each bar labelled with its shown
 * figure (a suppressed one reads "[c]" at zero).
 * rows: [{ category, value, text }]
 */
export function bars(rows, { width, valueTitle, categoryTitle }) {
  return {
    width,
    height: { step: 22 },
    data: { values: rows },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: categoryTitle, axis: { title: null, labelLimit: 200 } },
      x: valueAxis(rows, valueTitle),
    },
    layer: [
      { mark: { type: 'bar', color: BAR } },
      { mark: { type: 'text', align: 'left', dx: 4, color: INK, fontSize: 11 }, encoding: { text: { field: 'text' } } },
    ],
  };
}

/**
 * Bars in groups (a measure per colour within each category): rows [{ category, series, value, text }].
 */
export function groupedBars(rows, { width, valueTitle, categoryTitle, seriesTitle }) {
  return {
    width,
    height: { step: 12 },
    data: { values: rows },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: categoryTitle, axis: { title: null, labelLimit: 200 } },
      yOffset: { field: 'series', type: 'nominal', sort: null },
      x: valueAxis(rows, valueTitle),
      color: { field: 'series', type: 'nominal', sort: null, title: seriesTitle, scale: { range: SCHEME } },
    },
    layer: [
      { mark: { type: 'bar' } },
      { mark: { type: 'text', align: 'left', dx: 3, color: INK, fontSize: 10 }, encoding: { text: { field: 'text' }, color: { value: INK } } },
    ],
  };
}

/**
 * A matrix (area × value) of shaded cells with the figure written in each: rows [{ category, series, value, text }].
 */
export function matrix(rows, { width, categoryTitle, seriesTitle, valueTitle }) {
  return {
    width,
    height: { step: 22 },
    data: { values: rows },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: categoryTitle, axis: { title: null, labelLimit: 200 } },
      x: { field: 'series', type: 'nominal', sort: null, title: seriesTitle, axis: { labelAngle: -40, labelLimit: 140, orient: 'top' } },
    },
    layer: [
      { mark: { type: 'rect', stroke: '#ffffff' }, encoding: { color: { field: 'value', type: 'quantitative', title: valueTitle, scale: { scheme: 'blues' }, legend: null } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'text' },
          color: { condition: { test: 'datum.dark', value: '#ffffff' }, value: INK },
        },
      },
    ],
  };
}
