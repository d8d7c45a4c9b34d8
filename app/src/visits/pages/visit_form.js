// The visit form without a full reload: the same multipart post, sent with fetch, answered
// with JSON ({ok, message, next}: next is the screen that offers the concerns as cases). A failed send keeps the form and its submission key, so sending
// again cannot record the visit twice. Also: the location when the cadre asks for it, and the
// "met" questions hidden while "not met" is chosen. Without this script the form still works.
(function () {
  var f = document.getElementById('visit-form');
  if (!f || !window.fetch || !window.FormData) return;
  var status = document.getElementById('visit-status');
  var metFields = document.getElementById('visit-met-fields');
  function syncMet() {
    var m = f.querySelector('input[name=met]:checked');
    metFields.hidden = !!m && m.value === '0';
  }
  f.querySelectorAll('input[name=met]').forEach(function (r) {
    r.addEventListener('change', syncMet);
  });
  syncMet();
  var geo = document.getElementById('visit-geo');
  if (navigator.geolocation) {
    geo.hidden = false;
    geo.querySelector('input').addEventListener('change', function (e) {
      f.latitude.value = f.longitude.value = '';
      if (!e.target.checked) return;
      navigator.geolocation.getCurrentPosition(function (p) {
        f.latitude.value = p.coords.latitude.toFixed(6);
        f.longitude.value = p.coords.longitude.toFixed(6);
      }, function () { e.target.checked = false; }, { timeout: 15000, maximumAge: 60000 });
    });
  }
  f.addEventListener('submit', function (e) {
    e.preventDefault();
    var button = f.querySelector('button[type=submit]');
    button.disabled = true;
    status.className = 'notice';
    status.textContent = status.dataset.sending;
    fetch(f.action, {
      method: 'POST', body: new FormData(f), credentials: 'same-origin',
      headers: { 'Accept': 'application/json' }
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok && j.ok, j: j }; });
    }).then(function (a) {
      status.className = a.ok ? 'notice' : 'error';
      status.textContent = a.j.message;
      if (a.ok) {
        f.hidden = true;
        document.getElementById('visit-done').hidden = false;
        var cases = document.getElementById('visit-concerns');
        if (a.j.next) { cases.href = a.j.next; cases.hidden = false; }
      } else {
        button.disabled = false;
      }
      status.scrollIntoView();
    }).catch(function () {
      status.className = 'error';
      status.textContent = status.dataset.offline;
      button.disabled = false;
    });
  });
})();
