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
})();
