/* TPC Portal: the few behaviours that need a script (a static file: the CSP forbids inline
   script). Without it every page still works: noscript.css shows the whole menu. */
(function () {
  "use strict";

  // The menu folds away on a phone behind one button.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.hidden = false;
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // A person's time zone defaults to their browser's: sent once while the profile has none
  // (the page says so with data-time-zone-url), and offered on the profile form.
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    zone = "";
  }
  if (!zone) {
    return;
  }
  var url = document.body.dataset.timeZoneUrl;
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (url && csrf && window.fetch) {
    var body = new URLSearchParams({ time_zone: zone });
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf.value },
      body: body,
    });
  }
  var field = document.querySelector("select[data-browser-time-zone]");
  if (field && !field.value) {
    var known = Array.prototype.some.call(field.options, function (option) {
      return option.value === zone;
    });
    if (known) {
      field.value = zone;
    }
  }
})();

/* On a phone the directory's filters start folded above the results; wider, they are a
   column beside them and always open. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 760px)");
  var disclosures = document.querySelectorAll("details.filters-disclosure");
  var fit = function () {
    Array.prototype.forEach.call(disclosures, function (details) {
      details.open = !narrow.matches;
    });
  };
  if (disclosures.length) {
    fit();
    narrow.addEventListener("change", fit);
  }
})();

/* The person's menu closes when they click elsewhere or press Escape. */
(function () {
  "use strict";
  var menu = document.querySelector("details.account-details");
  if (!menu) {
    return;
  }
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) {
      menu.open = false;
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
