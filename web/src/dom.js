// Tiny DOM helpers: elements built with textContent, never from listing text as HTML.

/**
 * h('a', { href: '/x', class: 'link' }, 'text', child)
 * Attributes starting with 'on' are event listeners; null/false attributes are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Set the text of every [data-i18n] element and every [data-i18n-ATTR] attribute under root. */
export function translateStatic(root, t) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const attr of ['aria-label', 'placeholder', 'title']) {
    const dataName = `data-i18n-${attr}`;
    for (const element of root.querySelectorAll(`[${dataName}]`)) {
      element.setAttribute(attr, t(element.getAttribute(dataName)));
    }
  }
}

/** Text made safe to place in an HTML string (Leaflet popups and tooltips take HTML). */
export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

/**
 * Calls apply(value) when a select's choice is committed: at once for a pick with the mouse or from
 * the open list, but after arrow keys or type-ahead only on Enter or on leaving the select, so
 * moving through the options does not load a page for each one.
 */
export function onCommittedChange(select, apply) {
  let keyboard = false;
  let committed = select.value;
  const commit = () => {
    keyboard = false;
    if (select.value === committed) return;
    committed = select.value;
    apply(select.value);
  };
  select.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key !== 'Tab' && event.key !== 'Shift' && event.key !== 'Escape') keyboard = true;
  });
  select.addEventListener('change', () => {
    if (!keyboard) commit();
  });
  select.addEventListener('blur', commit);
  return {
    /** The value shown without a user's choice (the page rendered another state). */
    set(value) {
      select.value = value;
      committed = select.value;
    },
  };
}
