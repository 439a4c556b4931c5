// A QR code of the authenticator link, drawn as SVG elements (uqr encodes; no inline style, no HTML strings).

import { encode } from 'uqr';

const SVG = 'http://www.w3.org/2000/svg';

/** An <svg role="img"> of text's QR code, with a four-module quiet zone; label names it for screen readers. */
export function qrCode(text, label) {
  const { data, size } = encode(text, { border: 4, ecc: 'M' });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'account-qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', size);
  background.setAttribute('height', size);
  background.setAttribute('fill', '#fff');
  const modules = [];
  data.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) modules.push(`M${x} ${y}h1v1h-1z`);
  }));
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', modules.join(''));
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
}
