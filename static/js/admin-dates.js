// Django's calendar shortcuts put "Note: You are N hours ahead of server time" beside every
// date and time input. A date alone has no time zone: the note stays only beside a date and
// time (SplitDateTimeWidget, <p class="datetime">) and beside a time. Loaded after
// DateTimeShortcuts.js, which adds the notes on the page's load event.
"use strict";
(function () {
  const shortcuts = window.DateTimeShortcuts;
  if (!shortcuts || shortcuts.dateOnlyWithoutZone) {
    return;
  }
  const addTimezoneWarning = shortcuts.addTimezoneWarning;
  shortcuts.addTimezoneWarning = function (input) {
    if (input.classList.contains("vDateField") && !input.closest(".datetime")) {
      return;
    }
    addTimezoneWarning.call(this, input);
  };
  shortcuts.dateOnlyWithoutZone = true;
})();
