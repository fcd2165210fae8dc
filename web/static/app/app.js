// Plekwijzer: small enhancements on top of pages that work without
// JavaScript. htmx (vendored) does the partial updates.
(function () {
  'use strict';
  // After a failed submit, move focus to the list of problems, so that
  // screen-reader and keyboard users hear and reach it first.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.getElementById('foutmeldingen');
    if (summary) { summary.focus(); }
  });

  // Skill pickers: a skill ticked in the search results moves up to the
  // chosen chips, so the next search (which redraws the results) cannot
  // drop it; an unticked chip goes away. Without script the Zoek button
  // does the same on the server.
  function say(picker, text) {
    var status = picker.querySelector('[role=status]');
    if (status) { status.textContent = text; }
  }
  document.addEventListener('change', function (e) {
    var box = e.target;
    if (!box || box.type !== 'checkbox' || !box.closest) { return; }
    var picker = box.closest('.pw-skillpicker');
    var row = box.closest('.pw-skill');
    if (!picker || !row) { return; }
    var chips = picker.querySelector('.pw-chips');
    var empty = chips.querySelector('.pw-chips__empty');
    var name = row.getAttribute('data-naam') || '';
    if (box.checked && !chips.contains(row)) {
      chips.insertBefore(row, empty);
      empty.hidden = true;
      box.focus();
      say(picker, 'Gekozen: ' + name);
    } else if (!box.checked && chips.contains(row)) {
      row.remove();
      empty.hidden = chips.querySelector('.pw-skill') !== null;
      picker.querySelector('input[type=search]').focus();
      say(picker, 'Niet meer gekozen: ' + name);
    }
  });
  // Enter in a picker's search field searches instead of submitting the
  // whole form (implicit submission: no button of the form was pressed).
  function search(input) {
    if (window.htmx) {
      window.htmx.trigger(input, 'search');
    } else {
      input.closest('.pw-skillpicker').querySelector('button[name=actie]').click();
    }
  }
  function inPickerSearch(el) {
    return el && el.matches && el.matches('.pw-skillpicker input[type=search]');
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && inPickerSearch(e.target)) {
      e.preventDefault();
      search(e.target);
    }
  });
  document.addEventListener('submit', function (e) {
    var by = e.submitter;
    if (inPickerSearch(document.activeElement) && (!by || by.classList.contains('pw-default-submit'))) {
      e.preventDefault();
    }
  });
  // htmx swaps no error answers; a 503 page says why the service cannot
  // answer now (search while its index cannot be written) and is shown.
  document.addEventListener('htmx:beforeSwap', function (e) {
    if (e.detail.xhr.status === 503) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
})();
