// Placeholder: this page is being built (see the workspace router in ../index.js for its route).

import { h } from '../../dom.js';

export async function render(container) {
  container.replaceChildren(h('h1', { tabindex: '-1' }, 'problems'));
  return 'problems';
}
