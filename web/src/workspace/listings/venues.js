// A listing's venues as recorded (/odata/VenueRecords, decision 0003: never the public /odata/Venues, which the
// API derives). Each venue is its own small form, saved on its own with its own ETag; its visibility is chosen
// with the consequence of each choice spelled out.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send, errorMessage } from '../session.js';
import { showErrors, clearErrors } from '../forms.js';
import { textField, decimalField } from './controls.js';
import { readAll, etagOf } from './common.js';

const VISIBILITIES = ['exact', 'approximate', 'hidden'];
let nextId = 0;

function visibilityField(value) {
  const id = `visibility-${++nextId}`;
  const radios = VISIBILITIES.map((v) => {
    const radio = h('input', { type: 'radio', id: `${id}-${v}`, name: id, value: v, checked: v === value || null });
    return h('div', { class: 'check' }, radio,
      h('label', { for: `${id}-${v}` }, h('strong', {}, t(`editor.visibility.${v}`)), ' – ', t(`editor.visibility.${v}Means`)));
  });
  const fieldset = h('fieldset', { 'aria-describedby': `${id}-error` },
    h('legend', {}, t('editor.visibility')),
    h('p', { id: `${id}-error`, class: 'field-error', hidden: true }),
    radios);
  const wrapper = h('div', { class: 'field field-group', 'data-field': 'Visibility' }, fieldset);
  wrapper.control = radios[0].querySelector('input');
  wrapper.read = () => fieldset.querySelector('input:checked')?.value ?? null;
  return wrapper;
}

/**
 * The venues section of a saved listing. hooks: { dirty(form, isDirty), say(message) } tell the editor about
 * unsaved venue changes and what happened.
 */
export async function venuesSection(listingId, hooks, { signal } = {}) {
  const list = h('div', { class: 'venues' });
  const add = h('button', { type: 'button', class: 'button-secondary' }, t('editor.venueAdd'));
  const heading = h('h2', { id: 'venues-heading' }, t('editor.section.venues'));
  const section = h('section', { class: 'editor-section', 'aria-labelledby': 'venues-heading' },
    heading, h('p', { class: 'hint' }, t('editor.venuesIntro')), list, add);
  const rows = await readAll(`/odata/VenueRecords?$filter=InterventionId eq ${Number(listingId)}&$orderby=Id`, { signal });
  let count = 0;
  const venueForm = (venue) => {
    count += 1;
    let record = venue;
    let etag = venue?.['@odata.etag'] ?? null;
    const name = textField('Name', t('editor.venueName'), venue?.Name, { maxlength: 300 });
    const address = textField('Address', t('editor.venueAddress'), venue?.Address, { type: 'textarea', maxlength: 500 });
    const postcode = textField('Postcode', t('editor.venuePostcode'), venue?.Postcode, { maxlength: 10, autocomplete: 'off' });
    const latitude = decimalField('Latitude', t('editor.venueLatitude'), venue?.Latitude, { hint: t('editor.venueLatitudeHint') });
    const longitude = decimalField('Longitude', t('editor.venueLongitude'), venue?.Longitude);
    const visibility = visibilityField(venue?.Visibility ?? 'approximate');
    const fields = [name, address, postcode, latitude, longitude, visibility];
    const title = h('h3', { tabindex: '-1' }, venue?.Name || t('editor.venueNew'));
    const save = h('button', { type: 'submit' }, t('editor.venueSave'));
    const remove = h('button', { type: 'button', class: 'button-secondary' }, t(venue ? 'editor.venueRemove' : 'editor.venueDiscard'));
    const buttons = h('div', { class: 'button-row' }, save, remove);
    const form = h('form', { class: 'venue', novalidate: true, 'aria-labelledby': `venue-title-${count}` },
      title, h('div', { class: 'venue-grid' }, name, address, postcode, latitude, longitude), visibility, buttons);
    title.id = `venue-title-${count}`;
    const snapshot = () => JSON.stringify(fields.map((f) => f.read()));
    let saved = snapshot();
    const changed = () => snapshot() !== saved;
    form.addEventListener('input', () => hooks.dirty(form, changed()));
    form.addEventListener('change', () => hooks.dirty(form, changed()));

    const answered = (answer, done) => {
      if (answer.status === 202) {
        saved = snapshot();
        hooks.dirty(form, false);
        hooks.say(t('editor.venueWaits'));
        return true;
      }
      if (answer.ok) {
        saved = snapshot();
        hooks.dirty(form, false);
        hooks.say(done);
        return true;
      }
      showErrors(form, answer.body);
      if (answer.status === 412) form.querySelector('.error-summary').append(hooks.reloadButton());
      return false;
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const body = Object.fromEntries(fields.map((f) => [f.dataset.field, f.read()]));
      if (!record) {
        const answer = await send('POST', '/odata/VenueRecords', { InterventionId: Number(listingId), ...body });
        if (answered(answer, t('editor.venueAdded'))) {
          if (answer.status === 201) {
            record = answer.body;
            etag = etagOf(answer);
            remove.textContent = t('editor.venueRemove');
          }
        }
      } else {
        const answer = await send('PATCH', `/odata/VenueRecords(${record.Id})`, body, { headers: { 'If-Match': etag ?? '*' } });
        if (answered(answer, t('editor.venueSaved'))) etag = etagOf(answer, etag);
      }
      title.textContent = name.read() || t('editor.venueNew');
    });

    remove.addEventListener('click', () => {
      if (!record) {
        hooks.dirty(form, false);
        form.remove();
        add.focus();
        return;
      }
      const yes = h('button', { type: 'button', class: 'button-warning' }, t('editor.venueRemoveYes'));
      const no = h('button', { type: 'button', class: 'button-secondary' }, t('editor.venueRemoveNo'));
      const question = h('p', { tabindex: '-1', class: 'confirm-text' }, t('editor.venueRemoveAsk'));
      buttons.replaceChildren(question, yes, no);
      question.focus();
      no.addEventListener('click', () => {
        buttons.replaceChildren(save, remove);
        remove.focus();
      });
      yes.addEventListener('click', async () => {
        const answer = await send('DELETE', `/odata/VenueRecords(${record.Id})`, undefined, { headers: { 'If-Match': etag ?? '*' } });
        buttons.replaceChildren(save, remove);
        if (answer.status === 202) hooks.say(t('editor.venueWaits'));
        else if (answer.ok) {
          hooks.dirty(form, false);
          form.remove();
          hooks.say(t('editor.venueRemoved'));
        } else {
          showErrors(form, answer.body ?? { error: { message: errorMessage(answer.body) } });
          if (answer.status === 412) form.querySelector('.error-summary').append(hooks.reloadButton());
        }
      });
    });
    return form;
  };
  list.append(...rows.map(venueForm));
  if (rows.length === 0) list.append(h('p', { class: 'no-venues' }, t('editor.venuesNone')));
  add.addEventListener('click', () => {
    list.querySelector('.no-venues')?.remove();
    const form = venueForm(null);
    list.append(form);
    form.querySelector('h3').focus();
  });
  return section;
}
