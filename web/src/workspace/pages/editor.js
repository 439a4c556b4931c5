// /manage/listings/{id} and /manage/listings/new: every field of a listing's write model, in sections, English
// and Welsh side by side. Saving sends only what changed, with If-Match: the ETag read (a change someone saved
// meanwhile is a 412 naming who changed what, and the page offers to reload); problems come back per field and
// are shown beside the fields; a 202 means the change waits for an administrator. Venues and the audit trail
// follow the form.

import '../../styles/listings.css';
import { h } from '../../dom.js';
import { t, addStrings, getLang } from '../../i18n.js';
import { formatDate, pick } from '../../format.js';
import { termsOf, label } from '../../vocab.js';
import { get, send } from '../session.js';
import { showErrors, clearErrors } from '../forms.js';
import { loadSupport, readAll, etagOf, freshness, dayOf } from '../listings/common.js';
import {
  textField, numberField, dateField, choiceField, yesNoField, checkboxField, checkboxesField, areasField, bilingual,
} from '../listings/controls.js';
import { venuesSection } from '../listings/venues.js';
import { historySection } from '../listings/history.js';
import en from '../i18n/listings.en.json';
import cy from '../i18n/listings.cy.json';

addStrings({ en, cy });

const FUNDING_STATUSES = ['fixed-term', 'ongoing', 'unknown'];

async function organisationsFor(me, signal) {
  if (me.role === 'admin') {
    const rows = await readAll('/odata/Organisations?$select=Id,Name,NameCy&$orderby=Name', { signal });
    return rows.map((o) => ({ value: String(o.Id), label: pick(getLang(), o.Name, o.NameCy) }));
  }
  return (me.organisations ?? []).map((o) => ({ value: String(o.id), label: o.name }));
}

function section(id, title, ...children) {
  return h('section', { class: 'editor-section', 'aria-labelledby': `section-${id}` },
    h('h2', { id: `section-${id}` }, title), ...children);
}

export async function render(container, { me, match, query, navigate, signal }) {
  const creating = match[1] === 'new';
  const id = creating ? null : Number(match[1]);
  const [{ config, areas }, organisations] = await Promise.all([loadSupport(), organisationsFor(me, signal)]);

  let listing;
  let etag = null;
  if (creating) {
    const wanted = query.get('organisation');
    listing = {
      Status: 'active', AllWales: false, Areas: [],
      OrganisationId: organisations.some((o) => o.value === wanted) ? Number(wanted) : Number(organisations[0]?.value ?? 0),
    };
  } else {
    const answer = await get(`/odata/Interventions(${id})?$expand=Areas($select=Code)`, { signal });
    if (!answer.ok) {
      container.replaceChildren(h('h1', { tabindex: '-1' }, t('editor.notFound')), h('p', {}, answer.body?.error?.message ?? ''),
        h('p', {}, h('a', { href: '/manage/listings', 'data-link': true }, t('editor.back'))));
      return t('editor.notFound');
    }
    listing = answer.body;
    etag = etagOf(answer);
  }

  const title = creating ? t('editor.newTitle') : t('editor.title', { name: pick(getLang(), listing.Name, listing.NameCy) });
  const heading = h('h1', { tabindex: '-1' }, title);
  const status = h('p', { role: 'status', class: 'listings-status', tabindex: '-1' });
  const say = (message) => {
    status.textContent = message;
    status.focus();
  };

  // The fields, in sections. Each wrapper's data-field is the API's name for it (its errors' `target`).
  const name = bilingual('Name', t('editor.name'), listing, { required: true, maxlength: 300 });
  const description = bilingual('Description', t('editor.description'), listing, { type: 'textarea', maxlength: 4000 });
  const f = {
    OrganisationId: choiceField('OrganisationId', t('editor.organisation'), String(listing.OrganisationId ?? ''), { options: organisations, required: true }),
    Name: name.english, NameCy: name.welsh, Description: description.english, DescriptionCy: description.welsh,
    Purposes: checkboxesField('Purposes', t('editor.purposes'), listing.Purposes, { vocabulary: 'purpose' }),
    Forms: checkboxesField('Forms', t('editor.forms'), listing.Forms, { vocabulary: 'vawdasv-form' }),
    Settings: checkboxesField('Settings', t('facet.setting'), listing.Settings, { vocabulary: 'setting' }),
    Stages: checkboxesField('Stages', t('editor.stages'), listing.Stages, { vocabulary: 'stage' }),
    Format: choiceField('Format', t('editor.format'), listing.Format, { vocabulary: 'format' }),
    LengthText: textField('LengthText', t('editor.lengthText'), listing.LengthText, { hint: t('editor.lengthTextHint'), maxlength: 200 }),
    LengthWeeks: numberField('LengthWeeks', t('editor.lengthWeeks'), listing.LengthWeeks),
    PlacesPerYear: numberField('PlacesPerYear', t('editor.placesPerYear'), listing.PlacesPerYear),
    WaitingTimeWeeks: numberField('WaitingTimeWeeks', t('editor.waitingTimeWeeks'), listing.WaitingTimeWeeks),
    Gender: choiceField('Gender', t('editor.gender'), listing.Gender, { vocabulary: 'gender' }),
    AgeBands: checkboxesField('AgeBands', t('editor.ageBands'), listing.AgeBands, { vocabulary: 'age-band' }),
    CohortGroups: checkboxesField('CohortGroups', t('editor.cohortGroups'), listing.CohortGroups, { vocabulary: 'cohort-group' }),
    RiskLevels: checkboxesField('RiskLevels', t('editor.riskLevels'), listing.RiskLevels, { vocabulary: 'risk-level' }),
    SupportsPartners: yesNoField('SupportsPartners', t('editor.supportsPartners'), listing.SupportsPartners),
    ReferralRoutes: checkboxesField('ReferralRoutes', t('editor.referralRoutes'), listing.ReferralRoutes, { vocabulary: 'referral-route' }),
    ReferralPhone: textField('ReferralPhone', t('editor.referralPhone'), listing.ReferralPhone, { type: 'tel', maxlength: 50, autocomplete: 'off' }),
    ReferralEmail: textField('ReferralEmail', t('editor.referralEmail'), listing.ReferralEmail, { type: 'email', maxlength: 320, autocomplete: 'off' }),
    ReferralUrl: textField('ReferralUrl', t('editor.referralUrl'), listing.ReferralUrl, { type: 'url', hint: t('editor.referralUrlHint'), maxlength: 500 }),
    AllWales: checkboxField('AllWales', t('editor.allWales'), listing.AllWales, { hint: t('editor.allWalesHint') }),
    Areas: areasField('Areas', (listing.Areas ?? []).map((a) => a.Code), areas),
    FundingSources: checkboxesField('FundingSources', t('editor.fundingSources'), listing.FundingSources, { vocabulary: 'funding-source' }),
    FundingStatus: choiceField('FundingStatus', t('editor.fundingStatus'), listing.FundingStatus,
      { options: FUNDING_STATUSES.map((s) => ({ value: s, label: t(`editor.funding.${s}`) })) }),
    FundingEnds: dateField('FundingEnds', t('editor.fundingEnds'), listing.FundingEnds, { hint: t('editor.fundingEndsHint') }),
    Evaluation: choiceField('Evaluation', t('editor.evaluation'), listing.Evaluation, { vocabulary: 'evaluation' }),
    Accreditations: checkboxesField('Accreditations', t('editor.accreditations'), listing.Accreditations, { vocabulary: 'accreditation' }),
    OutcomeMeasures: textField('OutcomeMeasures', t('editor.outcomeMeasures'), listing.OutcomeMeasures, { type: 'textarea', maxlength: 4000 }),
    Languages: checkboxesField('Languages', t('editor.languages'), listing.Languages, { vocabulary: 'language' }),
    Status: choiceField('Status', t('editor.status'), listing.Status, {
      required: true,
      hint: t('editor.statusHint'),
      // Closing is the list's Close (a DELETE, kept in the audit trail); a closed listing shows its status as it is.
      options: termsOf('status').filter((s) => s.Code !== 'closed' || listing.Status === 'closed').map((s) => ({ value: s.Code, label: label('status', s.Code) })),
    }),
  };
  const read = (field) => {
    const value = f[field].read();
    return field === 'OrganisationId' ? Number(value) : value;
  };
  const snapshot = () => Object.fromEntries(Object.keys(f).map((field) => [field, read(field)]));
  let saved = snapshot();
  const changes = () => {
    const now = snapshot();
    return Object.fromEntries(Object.entries(now).filter(([field, value]) => creating || JSON.stringify(value) !== JSON.stringify(saved[field])));
  };

  const save = h('button', { type: 'submit' }, t(creating ? 'editor.create' : 'editor.save'));
  const form = h('form', { class: 'editor', novalidate: true, 'aria-labelledby': 'editor-heading' },
    section('about', t('editor.section.about'), f.OrganisationId, name.element, description.element,
      f.Purposes, f.Forms, f.Settings, f.Stages, f.Format, f.LengthText, f.LengthWeeks, f.PlacesPerYear, f.WaitingTimeWeeks),
    section('who', t('editor.section.who'), f.Gender, f.AgeBands, f.CohortGroups, f.RiskLevels, f.SupportsPartners),
    section('refer', t('editor.section.refer'), f.ReferralRoutes, f.ReferralPhone, f.ReferralEmail, f.ReferralUrl),
    section('where', t('editor.section.where'), f.AllWales, f.Areas,
      h('p', { class: 'hint' }, t(creating ? 'editor.venuesAfterSaving' : 'editor.venuesBelow'))),
    section('funding', t('editor.section.funding'), f.FundingSources, f.FundingStatus, f.FundingEnds),
    section('evaluation', t('editor.section.evaluation'), f.Evaluation, f.Accreditations, f.OutcomeMeasures),
    section('languages', t('editor.section.languages'), f.Languages),
    section('status', t('editor.section.status'), f.Status),
    h('div', { class: 'button-row save-row' }, save));
  heading.id = 'editor-heading';

  // Unsaved changes: the listing's form and any venue's. Leaving asks first (a link in the page or the tab).
  const dirtyForms = new Set();
  const isDirty = () => dirtyForms.size > 0;
  const markDirty = (which, dirty) => (dirty ? dirtyForms.add(which) : dirtyForms.delete(which));
  const track = () => markDirty(form, JSON.stringify(snapshot()) !== JSON.stringify(saved));
  form.addEventListener('input', track);
  form.addEventListener('change', track);
  window.addEventListener('beforeunload', (event) => {
    if (!isDirty()) return;
    event.preventDefault();
    event.returnValue = '';
  }, { signal });
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href]');
    if (!link || !isDirty() || link.hasAttribute('download') || link.getAttribute('href').startsWith('#')) return;
    if (!window.confirm(t('editor.leave'))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    } else dirtyForms.clear();
  }, { capture: true, signal });

  const reloadButton = () => {
    const button = h('button', { type: 'button', class: 'button-secondary' }, t('editor.reload'));
    button.addEventListener('click', () => {
      dirtyForms.clear();
      navigate(location.pathname, { replace: true });
    });
    return button;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = changes();
    if (!creating && Object.keys(body).length === 0) {
      say(t('editor.nothingToSave'));
      return;
    }
    save.disabled = true;
    const answer = creating
      ? await send('POST', '/odata/Interventions', body)
      : await send('PATCH', `/odata/Interventions(${id})`, body, { headers: { 'If-Match': etag ?? '*' } });
    save.disabled = false;
    if (answer.status === 202) {
      saved = snapshot();
      markDirty(form, false);
      say(t('editor.waits'));
    } else if (answer.ok) {
      saved = snapshot();
      markDirty(form, false);
      if (creating) {
        navigate(`/manage/listings/${answer.body.Id}?added=1`, { replace: true });
        return;
      }
      etag = etagOf(answer, etag);
      say(t('editor.saved'));
    } else {
      showErrors(form, answer.body);
      if (answer.status === 412) form.querySelector('.error-summary').append(reloadButton());
    }
  });

  const facts = creating ? null : h('dl', { class: 'listing-facts' },
    h('dt', {}, t('listings.col.verified')),
    h('dd', {}, formatDate(dayOf(listing.LastVerified), getLang()) || t('listings.never'),
      listing.VerifiedBy ? ` (${listing.VerifiedBy})` : '',
      (() => {
        const state = freshness(listing.LastVerified, config);
        return state ? [' ', h('strong', { class: `tag tag-${state}` }, t(state === 'overdue' ? 'listings.overdue' : 'listings.stale'))] : null;
      })()),
    h('dt', {}, t('listings.col.edited')),
    h('dd', { class: 'edited-fact' }, t('listings.noEdit')));

  container.replaceChildren(
    h('p', {}, h('a', { href: '/manage/listings', 'data-link': true }, t('editor.back'))),
    heading, status, facts ?? '',
    h('p', { class: 'hint' }, t('editor.intro')),
    form);
  if (query.get('added')) say(t('editor.added'));
  if (facts) {
    // The last content change from the audit trail (a verification is not one; UpdatedAt would count it).
    get(`/api/listings/last-edited?organisation=${Number(listing.OrganisationId)}`, { signal }).then((answer) => {
      const edit = (answer.body?.listings ?? []).find((e) => e.id === id);
      if (edit) facts.querySelector('.edited-fact').textContent = t('listings.editedBy', { date: formatDate(dayOf(edit.at), getLang()), name: edit.by });
    }).catch(() => {});
  }
  if (!creating) {
    const hooks = { dirty: markDirty, say, reloadButton };
    const [venues, history] = await Promise.all([venuesSection(id, hooks, { signal }), historySection(id, { signal })]);
    container.append(venues, history);
  }
  return title;
}
