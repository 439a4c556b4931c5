// The place search box's answers: a message in the live region, and when several places share a name
// ("Pentre") a list of buttons told apart by local authority. What a search leads to: place-choice.js.

import './styles/places.css';
import { h } from './dom.js';
import { t, getLang } from './i18n.js';
import { pick } from './format.js';
import { normalisePostcode } from './state.js';
import { looksLikePostcode, resolvePlace } from './place-choice.js';
import { searchPlaces } from './api.js';

export class PlaceFinder {
  /**
   * @param {{ areas: object[], areasByCode: Map<string, object>, input: HTMLInputElement,
   *   message: HTMLElement, choices: HTMLElement, go: (choice: object) => void }} options
   */
  constructor({ areas, areasByCode, input, message, choices, go }) {
    Object.assign(this, { areas, areasByCode, input, message, choices, go });
    this.generation = 0;
  }

  areaName(code) {
    const area = this.areasByCode.get(code);
    return area ? pick(getLang(), area.NameEn, area.NameCy) : code;
  }

  /** "Pentre, Flintshire"; "Abergavenny (Y Fenni), Monmouthshire"; an area: its name. */
  label(choice) {
    if (choice.kind === 'area') return this.areaName(choice.area);
    const shown = pick(getLang(), choice.name, choice.nameCy);
    const other = getLang() === 'cy' ? choice.name : choice.nameCy;
    const names = other && other !== shown ? `${shown} (${other})` : shown;
    return `${names}, ${this.areaName(choice.area)}`;
  }

  say(text) {
    this.message.textContent = text;
  }

  clearChoices() {
    this.choices.replaceChildren();
    this.choices.hidden = true;
  }

  async find(text) {
    const generation = ++this.generation;
    this.clearChoices();
    this.say(t('place.searching', { text }));
    let outcome;
    try {
      outcome = await resolvePlace(text, { areas: this.areas, areasByCode: this.areasByCode, search: searchPlaces });
    } catch (error) {
      if (generation === this.generation) this.say(t('error.load'));
      console.error(error);
      return;
    }
    if (generation !== this.generation) return;
    const postcode = normalisePostcode(text) ?? text.toUpperCase().replace(/\s+/g, '');
    if (outcome.go) this.choose(outcome.go);
    else if (outcome.choose) this.offer(text, outcome.choose);
    else {
      this.say(outcome.outside ? t('place.outsideWales', { postcode })
        : looksLikePostcode(text) ? t('place.postcodeUnknown', { postcode })
          : t('place.notFoundAnywhere', { text }));
      this.input.focus();
    }
  }

  offer(text, choices) {
    this.say(t('place.choose', { text }));
    this.choices.replaceChildren(...choices.map((choice) => h('li', {},
      h('button', { type: 'button', class: 'place-choice', onclick: () => this.choose(choice) }, this.label(choice)))));
    this.choices.hidden = false;
    this.choices.querySelector('button')?.focus();
  }

  choose(choice) {
    const focusWasInList = this.choices.contains(document.activeElement);
    this.clearChoices();
    if (focusWasInList) this.input.focus();
    const area = this.areaName(choice.area);
    const place = pick(getLang(), choice.name, choice.nameCy);
    if (choice.kind === 'area') this.say('');
    else if (choice.approximate) {
      this.say(t('place.approximate', { postcode: choice.postcode, district: choice.name, area }));
    } else if (choice.kind === 'postcode-district') this.say(t('place.foundDistrict', { district: choice.name, area }));
    else if (choice.kind === 'postcode') this.say(t('place.foundPostcode', { postcode: choice.name, area }));
    else this.say(t('place.found', { place, area }));
    this.go(choice);
  }
}
