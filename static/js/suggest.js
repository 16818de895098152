// Autocomplete for the search box: people, places and headlines from /api/v1/suggest/.
// Progressive enhancement: without this script the box is a plain search form. The
// pattern is WAI-ARIA's editable combobox with a list popup: arrow keys move through the
// suggestions, Enter opens the one chosen, Escape closes the list.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var list = form.querySelector("[role=listbox]");
  var url = form.getAttribute("data-suggest-url");
  var kinds = { person: "Person", place: "Place", article: "Article" };
  var options = [];
  var active = -1;
  var timer = null;
  var pending = null;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function close() {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.element.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].element.id);
      options[index].element.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(data) {
    close();
    var found = data.people.concat(data.places, data.headlines);
    if (!found.length) return;
    found.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "suggestions__item";
      var label = document.createElement("span");
      label.className = "suggestions__label";
      label.textContent = item.label;
      var kind = document.createElement("span");
      kind.className = "suggestions__kind";
      kind.textContent = kinds[item.kind] + (item.count ? " · " + item.count : "");
      li.append(label, kind);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the box
        window.location.assign(item.url);
      });
      list.append(li);
      options.push({ element: li, item: item });
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function lookUp() {
    var text = input.value.trim();
    if (text.length < 2) {
      close();
      return;
    }
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(text), {
      signal: pending.signal,
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && input.value.trim() === text) show(data);
      })
      .catch(function () {}); // a failed lookup leaves the plain search box
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 120);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = active + step;
      if (next < -1) next = options.length - 1;
      if (next >= options.length) next = -1;
      highlight(next);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active].item.url);
    } else if (event.key === "Escape" && options.length) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
})();
