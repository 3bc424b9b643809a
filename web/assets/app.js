// rykte serve: draws the charts whose data the server embedded as JSON, and runs the cascade's
// time slider. No data is fetched; nothing is taken from the page's text as markup.
(function () {
  'use strict';
  var palette = ['#2f6db5', '#e8a33d', '#3b9c5a', '#c8423b', '#7b5ea7', '#1f9aa8', '#b5632f', '#8b95a1', '#c65d9b', '#5a6b2f'];
  var tones = { positive: '#3b9c5a', neutral: '#8b95a1', negative: '#c8423b' };
  var isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
  var label = function (s) { return isoDate.test(s) ? s.slice(0, 16).replace('T', ' ') : s; };

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    var kind = data.chart;
    var pie = kind === 'pie';
    var datasets = data.series.map(function (s, i) {
      var colour = tones[s.name] || palette[i % palette.length];
      return {
        label: s.name,
        data: s.values,
        backgroundColor: pie ? data.labels.map(function (_, j) { return palette[j % palette.length]; }) : colour,
        borderColor: pie ? '#fff' : colour,
        borderWidth: kind === 'line' ? 2 : 1,
        pointRadius: 0,
        tension: 0.2,
      };
    });
    var stacked = kind === 'bar_stacked';
    new window.Chart(canvas, {
      type: kind === 'line' ? 'line' : pie ? 'pie' : 'bar',
      data: { labels: data.labels.map(label), datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: kind === 'bar_horizontal' ? 'y' : 'x',
        plugins: { legend: { display: pie || datasets.length > 1, position: 'bottom' } },
        scales: pie ? {} : { x: { stacked: stacked, ticks: { maxTicksLimit: 12 } }, y: { stacked: stacked, beginAtZero: true } },
      },
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('canvas[data-chart]'), draw);

  var slider = document.getElementById('time-slider');
  if (slider) {
    var out = document.getElementById('time-label');
    var items = document.querySelectorAll('.cascade [data-t]');
    var update = function () {
      var until = Number(slider.value);
      var shown = 0;
      Array.prototype.forEach.call(items, function (el) {
        var later = Number(el.getAttribute('data-t')) > until;
        el.classList.toggle('later', later);
        if (!later && el.classList.contains('node')) shown++;
      });
      out.textContent = new Date(until).toISOString().slice(0, 16).replace('T', ' ') + ' · ' + shown + ' mentions';
    };
    slider.addEventListener('input', update);
    update();
  }
})();
