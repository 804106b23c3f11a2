/*
 * db-monitor's dashboard: the grid of clusters and a cluster's detail, read from the JSON API
 * with the operator's token. Plain DOM: every text from the API goes in as a text node, never as
 * HTML (queries and reasons are data). Charts are uPlot's.
 */
(() => {
    'use strict';

    const STORED = {token: 'granary.db-monitor.token', utc: 'granary.db-monitor.utc', dark: 'granary.db-monitor.dark'};
    const REFRESH_MILLIS = 5000;
    const HOUR = 3600 * 1000;
    const RANGES = {'1h': HOUR, '6h': 6 * HOUR, '24h': 24 * HOUR, '7d': 7 * 24 * HOUR};
    const WEATHERS = ['fair', 'cloudy', 'stormy', 'unknown'];
    // Steps of the value axis: whole numbers for counts, powers of two for bytes, uPlot's own otherwise.
    const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];
    const BYTE_STEPS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4].flatMap(unit => [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map(n => n * unit));
    const CHARTS = [
        {metric: 'lag_seconds', title: 'Replication lag (seconds)', format: number},
        {metric: 'lag_bytes', title: 'Replication lag (bytes of WAL)', format: bytes, steps: BYTE_STEPS},
        {metric: 'commits_per_second', title: 'Commits per second', format: number},
        {metric: 'deadlocks', title: 'Deadlocks (per poll)', format: number, steps: COUNT_STEPS},
        {metric: 'connections', title: 'Connections', format: number, steps: COUNT_STEPS},
        {metric: 'blocked_sessions', title: 'Blocked sessions (locks)', format: number, steps: COUNT_STEPS},
    ];
    const PALETTE = ['#3b82f6', '#e8590c', '#2f9e44', '#ae3ec9', '#0c8599', '#f08c00', '#e64980', '#5c940d'];

    const state = {
        token: localStorage.getItem(STORED.token),
        utc: localStorage.getItem(STORED.utc) === 'true',
        dark: localStorage.getItem(STORED.dark) === null
            ? matchMedia('(prefers-color-scheme: dark)').matches : localStorage.getItem(STORED.dark) === 'true',
        range: '1h',
        cluster: null,      // the cluster shown, null for the grid
        overview: null,     // the last answer of GET /clusters
        detail: null,       // the last answers about the cluster shown
        charts: new Map(),  // metric -> {plot, key}
        timer: null,
        generation: 0,      // a refresh whose view has changed since it began is dropped
    };

    const $ = id => document.getElementById(id);

    /** An element with attributes (class, data-*, aria-*, ...) and children; strings become text nodes. */
    function el(tag, attributes, ...children) {
        const element = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes || {})) {
            if (value !== null && value !== undefined && value !== false) {
                element.setAttribute(name, value === true ? '' : String(value));
            }
        }
        append(element, children);
        return element;
    }

    function append(element, children) {
        for (const child of children.flat(Infinity)) {
            if (child !== null && child !== undefined && child !== false) {
                element.append(child instanceof Node ? child : document.createTextNode(String(child)));
            }
        }
        return element;
    }

    function replace(element, ...children) {
        element.replaceChildren();
        return append(element, children);
    }

    function weatherOf(value) {
        return WEATHERS.includes(value) ? value : 'unknown';
    }

    /** The weather's icon, from the page's SVG symbols, with its name as text alternative. */
    function icon(weather) {
        const svgNamespace = 'http://www.w3.org/2000/svg';
        const svg = document.createElementNS(svgNamespace, 'svg');
        svg.setAttribute('class', 'icon');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', weatherOf(weather));
        const title = document.createElementNS(svgNamespace, 'title');
        title.textContent = weatherOf(weather);
        const use = document.createElementNS(svgNamespace, 'use');
        use.setAttribute('href', '#weather-' + weatherOf(weather));
        svg.append(title, use);
        return svg;
    }

    // ---- time: UTC or the browser's zone, everywhere ----

    function zoneName() {
        if (state.utc) {
            return 'UTC';
        }
        const part = new Intl.DateTimeFormat('en-GB', {timeZoneName: 'short'}).formatToParts(new Date())
            .find(each => each.type === 'timeZoneName');
        return part ? part.value : 'local';
    }

    function parts(instant) {
        const format = new Intl.DateTimeFormat('en-GB', {
            timeZone: state.utc ? 'UTC' : undefined, hourCycle: 'h23',
            year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
        });
        return Object.fromEntries(format.formatToParts(new Date(instant)).map(each => [each.type, each.value]));
    }

    function clock(instant) {
        const p = parts(instant);
        return `${p.hour}:${p.minute}:${p.second}`;
    }

    function dateTime(instant) {
        const p = parts(instant);
        return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    }

    /** A <time> of an instant (ISO string or epoch millis), in the chosen zone. */
    function time(instant, short) {
        if (instant === null || instant === undefined) {
            return el('span', {class: 'muted'}, 'never');
        }
        const iso = new Date(instant).toISOString();
        return el('time', {datetime: iso, title: iso}, short ? clock(instant) : dateTime(instant) + ' ' + zoneName());
    }

    // ---- figures ----

    function number(value) {
        if (value === null || value === undefined) {
            return '–';
        }
        return Math.abs(value) >= 100 || Number.isInteger(value) ? Math.round(value).toLocaleString('en') : value.toFixed(2);
    }

    function bytes(value) {
        if (value === null || value === undefined) {
            return '–';
        }
        const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
        let scaled = value;
        let unit = 0;
        while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return (unit === 0 ? Math.round(scaled) : scaled.toFixed(1)) + ' ' + units[unit];
    }

    function seconds(value) {
        return value === null || value === undefined ? '–' : number(value) + ' s';
    }

    // ---- the API ----

    class ApiProblem extends Error {
        constructor(status, message) {
            super(message);
            this.status = status;
        }
    }

    async function api(path, options = {}) {
        const headers = {'Accept': 'application/json', 'Authorization': 'Bearer ' + state.token};
        if (options.body !== undefined) {
            headers['Content-Type'] = 'application/json';
        }
        const response = await fetch('../' + path, {
            method: options.method || 'GET', headers, cache: 'no-store',
            body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
        if (response.status === 401 || response.status === 403) {
            forgetToken(response.status === 401 ? 'The token was refused (unknown or revoked): enter another one.'
                : 'This token may not read the clusters: it takes a token of role operator or dba.');
            throw new ApiProblem(response.status, 'the token was refused');
        }
        if (!response.ok) {
            let detail = response.statusText;
            try {
                detail = (await response.json()).detail || detail;
            } catch (notJson) {
                // the status says enough
            }
            throw new ApiProblem(response.status, detail);
        }
        return response.json();
    }

    const encoded = encodeURIComponent;

    // ---- the token ----

    function forgetToken(why) {
        localStorage.removeItem(STORED.token);
        state.token = null;
        state.overview = null;
        state.detail = null;
        stopRefreshing();
        destroyCharts();
        $('login-problem').textContent = why || '';
        show();
    }

    $('token-form').addEventListener('submit', event => {
        event.preventDefault();
        const token = $('token').value.trim();
        if (token) {
            localStorage.setItem(STORED.token, token);
            state.token = token;
            $('token').value = '';
            $('login-problem').textContent = '';
            show();
        }
    });

    $('forget-token').addEventListener('click', () => forgetToken(''));

    // ---- switches: UTC or local time, day or night ----

    function applySwitches() {
        const root = document.documentElement;
        root.dataset.theme = state.dark ? 'dark' : 'light';
        root.dataset.timeZone = state.utc ? 'utc' : 'local';
        $('time-zone').textContent = state.utc ? 'Times: UTC' : 'Times: local (' + zoneName() + ')';
        $('time-zone').setAttribute('aria-pressed', String(state.utc));
        $('theme').setAttribute('aria-pressed', String(state.dark));
        for (const name of document.querySelectorAll('.zone-name')) {
            name.textContent = '(' + zoneName() + ')';
        }
    }

    $('time-zone').addEventListener('click', () => {
        state.utc = !state.utc;
        localStorage.setItem(STORED.utc, String(state.utc));
        applySwitches();
        destroyCharts(); // their axes are drawn in the zone
        render();
    });

    $('theme').addEventListener('click', () => {
        state.dark = !state.dark;
        localStorage.setItem(STORED.dark, String(state.dark));
        applySwitches();
        destroyCharts(); // their colours are the theme's
        render();
    });

    // ---- views and refreshing ----

    function route() {
        const match = location.hash.match(/^#\/cluster\/(.+)$/);
        return match ? decodeURIComponent(match[1]) : null;
    }

    function show() {
        stopRefreshing();
        state.generation++;
        const loggedIn = Boolean(state.token);
        state.cluster = loggedIn ? route() : null;
        $('login').hidden = loggedIn;
        $('forget-token').hidden = !loggedIn;
        $('grid-view').hidden = !loggedIn || state.cluster !== null;
        $('cluster-view').hidden = !loggedIn || state.cluster === null;
        if (!loggedIn) {
            replace($('updated'));
            $('token').focus();
            return;
        }
        if (state.detail && state.detail.name !== state.cluster) {
            state.detail = null;
            destroyCharts();
            replace($('annotations'));
            $('annotation-problem').textContent = '';
        }
        render();
        refresh();
    }

    function stopRefreshing() {
        clearTimeout(state.timer);
        state.timer = null;
    }

    async function refresh() {
        const generation = state.generation;
        try {
            if (state.cluster === null) {
                const overview = await api('clusters');
                if (generation !== state.generation) {
                    return;
                }
                state.overview = overview;
            } else {
                const detail = await loadCluster(state.cluster);
                if (generation !== state.generation) {
                    return;
                }
                state.detail = detail;
            }
            $('updated').classList.remove('stale');
            replace($('updated'), 'updated ', time(Date.now(), true), ' ' + zoneName());
            render();
        } catch (problem) {
            if (generation !== state.generation || problem.status === 401 || problem.status === 403) {
                return;
            }
            $('updated').classList.add('stale');
            replace($('updated'), 'update failed at ', time(Date.now(), true), ': ' + problem.message);
            if (state.cluster !== null && problem.status === 404) {
                $('cluster-problem').hidden = false;
                $('cluster-problem').textContent = problem.message;
            }
        }
        if (generation === state.generation) {
            state.timer = setTimeout(refresh, REFRESH_MILLIS);
        }
    }

    function render() {
        if (state.cluster === null) {
            renderGrid();
        } else {
            renderCluster();
        }
    }

    window.addEventListener('hashchange', show);

    // ---- the grid ----

    function renderGrid() {
        const overview = state.overview;
        if (!overview) {
            return;
        }
        $('file-problem').hidden = !overview.clustersFileProblem;
        $('file-problem').textContent = overview.clustersFileProblem
            ? 'The clusters file was refused, the last good one is watched: ' + overview.clustersFileProblem : '';
        const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.cluster : undefined;
        replace($('grid'), overview.clusters.length === 0
            ? el('p', {class: 'muted'}, 'No cluster is watched: add one to the clusters file.')
            : overview.clusters.map(tile));
        const again = focused && [...$('grid').children].find(each => each.dataset.cluster === focused);
        if (again) {
            again.focus();
        }
    }

    function tile(cluster) {
        const weather = weatherOf(cluster.weather);
        return el('a', {class: 'tile weather-' + weather, href: '#/cluster/' + encoded(cluster.name),
                'data-cluster': cluster.name, 'data-weather': weather},
            icon(weather),
            el('span', {class: 'tile-name'}, cluster.name, el('span', {class: 'stage'}, cluster.stage)),
            el('span', {class: 'tile-weather weather-word'}, capitalised(weather)),
            reasons(cluster),
            el('span', {class: 'tile-polled'}, 'polled ', time(cluster.polledAt, true)));
    }

    function reasons(cluster) {
        if (cluster.reasons.length === 0) {
            return el('ul', {class: 'reasons'}, el('li', {}, cluster.weather === 'fair' ? 'all is well' : 'no reason given'));
        }
        return el('ul', {class: 'reasons'}, cluster.reasons.map(reason => el('li', {}, reason.text)));
    }

    function capitalised(word) {
        return word.charAt(0).toUpperCase() + word.slice(1);
    }

    // ---- a cluster ----

    function chartSpan() {
        const to = Date.now();
        return {from: to - RANGES[state.range], to};
    }

    async function loadCluster(name) {
        const path = 'clusters/' + encoded(name);
        const span = chartSpan();
        const query = `from=${new Date(span.from).toISOString()}&to=${new Date(span.to).toISOString()}`;
        const [status, blocking, forecast, history, annotations, deadlocks, alerts, ...series] = await Promise.all([
            api(path), api(path + '/blocking'), api(path + '/forecast'), api(path + '/weather-history'),
            api(path + '/annotations?' + query), api(path + '/deadlocks?' + query),
            api('alerts?cluster=' + encoded(name)).catch(problem => ({unavailable: problem.message, status: problem.status})),
            ...CHARTS.map(chart => api(path + '/series?metric=' + chart.metric + '&' + query)),
        ]);
        return {name, status, blocking, forecast, history, annotations, deadlocks, alerts, span,
            series: Object.fromEntries(CHARTS.map((chart, i) => [chart.metric, series[i]]))};
    }

    function renderCluster() {
        const detail = state.detail;
        if (!detail) {
            replace($('cluster-head'), el('h2', {id: 'cluster-title'}, state.cluster), el('p', {class: 'muted'}, 'loading…'));
            return;
        }
        $('cluster-problem').hidden = true;
        const status = detail.status;
        const weather = weatherOf(status.weather);
        $('cluster-head').className = 'cluster-head weather-' + weather;
        $('cluster-head').dataset.weather = weather;
        replace($('cluster-head'), icon(weather), el('div', {},
            el('h2', {id: 'cluster-title'}, status.name, ' ', el('span', {class: 'muted'}, status.stage)),
            el('p', {class: 'weather-word'}, capitalised(weather), ' · polled ', time(status.polledAt)),
            reasons(status)));
        replace($('nodes'), nodesTable(status.nodes));
        renderCharts(detail);
        replace($('annotations'), detail.annotations.length === 0
            ? el('li', {class: 'muted'}, 'No annotation in this range.')
            : detail.annotations.slice().reverse().map(note => el('li', {'data-annotation': note.id},
                time(note.at), ' ', el('strong', {}, note.text), el('span', {class: 'muted'}, ' — ' + note.author))));
        replace($('blocking'), blockingTrees(detail.blocking));
        replace($('deadlocks'), detail.deadlocks.length === 0
            ? el('li', {class: 'muted'}, 'No deadlock in this range.')
            : detail.deadlocks.map(deadlock => el('li', {'data-deadlock': deadlock.id}, time(deadlock.detectedAt), ' on ' + deadlock.node,
                el('pre', {}, el('code', {}, deadlock.detail || 'its details could not be read from the server log')))));
        replace($('forecast'), forecastItems(detail.forecast));
        replace($('weather-history'), historyItems(detail.history));
        replace($('alerts'), alertList(detail.alerts));
    }

    function nodesTable(nodes) {
        if (nodes.length === 0) {
            return el('p', {class: 'muted'}, 'Not polled yet.');
        }
        const heads = ['node', 'role', 'lag', 'lag (WAL)', 'connections', 'commits/s', 'blocked', 'longest transaction', 'polled'];
        return el('table', {},
            el('thead', {}, el('tr', {}, heads.map(head => el('th', {scope: 'col'}, head)))),
            el('tbody', {}, nodes.map(node => el('tr', {'data-node': node.name},
                el('th', {scope: 'row'}, node.name),
                el('td', {}, node.role || 'unreachable', node.role && node.role !== node.expectedRole ? ' (expected ' + node.expectedRole + ')' : ''),
                node.failure
                    ? el('td', {class: 'failure', colspan: 6}, node.failure)
                    : [el('td', {class: 'number'}, seconds(node.lagSeconds)), el('td', {class: 'number'}, bytes(node.lagBytes)),
                        el('td', {class: 'number'}, number(node.connections), ' / ', number(node.maxConnections)),
                        el('td', {class: 'number'}, number(node.commitsPerSecond)), el('td', {class: 'number'}, number(node.blockedSessions)),
                        el('td', {class: 'number'}, seconds(node.longestTransactionSeconds))],
                el('td', {}, time(node.polledAt, true))))));
    }

    function blockingTrees(blocking) {
        const blocked = blocking.filter(node => node.trees.length > 0);
        if (blocked.length === 0) {
            return el('p', {class: 'muted'}, 'No session is blocked.');
        }
        return blocked.map(node => [el('h4', {}, 'on ' + node.node), el('ul', {class: 'tree'}, node.trees.map(branch))]);
    }

    function branch(tree) {
        const s = tree.session;
        const waiting = s.blockedBy.length > 0;
        return el('li', {class: 'session', 'data-pid': s.pid},
            el('span', {class: 'who'}, 'pid ' + s.pid), ' ', [s.user, s.database, s.application].filter(Boolean).join(' · '),
            ' · ', s.state || 'no state',
            waiting ? el('span', {class: 'wait'}, ' · waits ' + seconds(s.lockWaitSeconds) + ' for ' + [s.waitEventType, s.waitEvent]
                .filter(Boolean).join(':') + ', blocked by ' + s.blockedBy.join(', ')) : ' · blocks others',
            s.transactionSeconds !== null ? ' · in a transaction for ' + seconds(s.transactionSeconds) : '',
            el('pre', {}, el('code', {}, s.query || '')),
            tree.blocked.length > 0 ? el('ul', {}, tree.blocked.map(branch)) : null);
    }

    function forecastItems(outlooks) {
        if (outlooks.length === 0) {
            return el('li', {class: 'muted'}, 'No trend yet (a forecast needs three polls in the last hour).');
        }
        const soonest = outlooks.slice().sort((a, b) => (a.reachedAt ? Date.parse(a.reachedAt) : Infinity)
            - (b.reachedAt ? Date.parse(b.reachedAt) : Infinity));
        return soonest.map(outlook => el('li', {'data-metric': outlook.metric}, outlook.text,
            outlook.reachedAt ? [' (', time(outlook.reachedAt), ')'] : null));
    }

    function historyItems(changes) {
        if (changes.length === 0) {
            return el('li', {class: 'muted'}, 'No change in the last 7 days.');
        }
        return changes.slice().reverse().map(change => {
            let texts = [];
            try {
                texts = JSON.parse(change.reasons).map(reason => reason.text);
            } catch (notJson) {
                texts = [String(change.reasons)];
            }
            const weather = weatherOf(change.weather);
            return el('li', {class: 'weather-' + weather}, time(change.at), ' ', icon(weather), ' ',
                el('span', {class: 'weather-word'}, weather), texts.length ? ': ' + texts.join('; ') : '');
        });
    }

    /** Alerts as db-monitor's alert rules record them; fields read defensively, since the rules are newer than the page. */
    function alertList(alerts) {
        if (alerts && alerts.unavailable) {
            return el('p', {class: 'muted'}, alerts.status === 404 ? 'No alert history: this db-monitor has no alert rules yet.'
                : 'The alert history could not be read: ' + alerts.unavailable);
        }
        const list = Array.isArray(alerts) ? alerts : (alerts && alerts.alerts) || [];
        if (list.length === 0) {
            return el('p', {class: 'muted'}, 'No alert.');
        }
        return el('ol', {class: 'events'}, list.map(alert => el('li', {},
            time(alert.firedAt || alert.startedAt || alert.at), ' ',
            el('strong', {}, [alert.severity, alert.rule || alert.name].filter(Boolean).join(' ')), ' ',
            alert.text || alert.summary || alert.message || '',
            alert.resolvedAt ? [' · resolved ', time(alert.resolvedAt)] : (alert.state ? ' · ' + alert.state : ''))));
    }

    // ---- the annotation form ----

    $('annotation-form').addEventListener('submit', async event => {
        event.preventDefault();
        const button = event.submitter || $('annotation-form').querySelector('button');
        const text = $('annotation-text').value.trim();
        const at = $('annotation-at').value;
        const body = {text};
        if (at) {
            const instant = state.utc ? Date.parse(at + (at.length === 16 ? ':00Z' : 'Z')) : new Date(at).getTime();
            if (Number.isNaN(instant)) {
                $('annotation-problem').textContent = 'That moment is not a date and time.';
                return;
            }
            body.at = new Date(instant).toISOString();
        }
        button.disabled = true;
        try {
            await api('clusters/' + encoded(state.cluster) + '/annotations', {method: 'POST', body});
            $('annotation-text').value = '';
            $('annotation-at').value = '';
            $('annotation-problem').textContent = '';
            stopRefreshing();
            state.generation++;
            await refresh();
        } catch (problem) {
            $('annotation-problem').textContent = 'Not added: ' + problem.message;
        } finally {
            button.disabled = false;
        }
    });

    for (const button of document.querySelectorAll('[data-range]')) {
        button.addEventListener('click', () => {
            state.range = button.dataset.range;
            for (const each of document.querySelectorAll('[data-range]')) {
                each.setAttribute('aria-pressed', String(each === button));
            }
            stopRefreshing();
            state.generation++;
            refresh();
        });
    }

    // ---- charts ----

    function destroyCharts() {
        for (const chart of state.charts.values()) {
            chart.plot.destroy();
        }
        state.charts.clear();
        replace($('charts'));
    }

    function renderCharts(detail) {
        if ($('charts').children.length !== CHARTS.length) {
            destroyCharts();
            replace($('charts'), CHARTS.map(chart => el('figure', {class: 'chart panel', 'data-metric': chart.metric},
                el('h4', {}, chart.title), el('div', {class: 'plot'}))));
        }
        for (const chart of CHARTS) {
            const figure = $('charts').querySelector(`[data-metric="${chart.metric}"]`);
            drawChart(chart, figure, detail.series[chart.metric] || [], detail);
        }
    }

    function drawChart(chart, figure, series, detail) {
        const points = series.reduce((count, node) => count + node.points.length, 0);
        figure.dataset.points = String(points);
        const place = figure.querySelector('.plot');
        const existing = state.charts.get(chart.metric);
        if (points === 0) {
            if (existing) {
                existing.plot.destroy();
                state.charts.delete(chart.metric);
            }
            replace(place, el('p', {class: 'empty'}, 'No data in this range.'));
            return;
        }
        // uPlot counts time in seconds; each node's points joined on one time axis (gaps spanned).
        const data = uPlot.join(series.map(node => [node.points.map(point => point[0] / 1000), node.points.map(point => point[1])]));
        const key = series.map(each => each.node).join('\n');
        const width = Math.max(280, place.clientWidth || figure.clientWidth - 30);
        if (existing && existing.key === key) {
            existing.detail = detail;
            existing.plot.setData(data);
            return;
        }
        if (existing) {
            existing.plot.destroy();
        }
        replace(place);
        const entry = {key, detail};
        entry.plot = new uPlot(chartOptions(chart, series, width, () => entry.detail), data, place);
        state.charts.set(chart.metric, entry);
    }

    function chartOptions(chart, series, width, currentDetail) {
        const style = getComputedStyle(document.documentElement);
        const text = style.getPropertyValue('--muted').trim();
        const grid = style.getPropertyValue('--line').trim();
        const axis = {stroke: text, grid: {stroke: grid, width: 1}, ticks: {stroke: grid, width: 1}};
        const moment = {label: zoneName(), value: (plot, epochSeconds) => epochSeconds === null ? '–' : dateTime(epochSeconds * 1000)};
        const lines = series.map((node, i) => ({
            label: node.node, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: true, value: (plot, value) => chart.format(value),
        }));
        return {
            width, height: 200,
            // uPlot draws the time axis in the browser's zone unless told another
            tzDate: epochSeconds => state.utc ? uPlot.tzDate(new Date(epochSeconds * 1000), 'Etc/UTC') : new Date(epochSeconds * 1000),
            scales: {
                x: {time: true, range: () => [currentDetail().span.from / 1000, currentDetail().span.to / 1000]},
                y: {range: (plot, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1]},
            },
            series: [moment, ...lines],
            axes: [
                {...axis, values: (plot, splits) => splits.map(timeTick)},
                {...axis, size: 80, incrs: chart.steps, values: (plot, splits) => splits.map(chart.format)},
            ],
            plugins: [annotationMarkers(currentDetail)],
        };
    }

    /** A time on the charts' axis: the hour, and the day too over ranges longer than a day. */
    function timeTick(epochSeconds) {
        const p = parts(epochSeconds * 1000);
        return RANGES[state.range] > RANGES['24h'] ? `${p.month}-${p.day} ${p.hour}:${p.minute}` : `${p.hour}:${p.minute}`;
    }

    /** Draws the cluster's annotations on a chart: a dashed vertical line at each, with its text. */
    function annotationMarkers(currentDetail) {
        return {
            hooks: {
                draw: plot => {
                    for (const old of plot.over.querySelectorAll('.annotation-marker')) {
                        old.remove();
                    }
                    const [min, max] = [plot.scales.x.min, plot.scales.x.max];
                    let row = 0;
                    for (const note of currentDetail().annotations) {
                        const at = Date.parse(note.at) / 1000;
                        if (at < min || at > max) {
                            continue;
                        }
                        const marker = el('div', {class: 'annotation-marker', title: dateTime(note.at) + ' ' + note.text,
                            'data-annotation': note.id}, el('span', {}, note.text));
                        const left = plot.valToPos(at, 'x');
                        marker.style.left = left + 'px';
                        marker.classList.toggle('left', left > plot.over.clientWidth / 2); // its text stays inside the chart
                        marker.style.setProperty('--row', String(row++ % 3)); // texts of notes close together overlap less
                        plot.over.append(marker);
                    }
                },
            },
        };
    }

    let resizing = null;
    window.addEventListener('resize', () => {
        clearTimeout(resizing);
        resizing = setTimeout(() => {
            for (const [metric, chart] of state.charts) {
                const place = $('charts').querySelector(`[data-metric="${metric}"] .plot`);
                chart.plot.setSize({width: Math.max(280, place.clientWidth), height: 200});
            }
        }, 200);
    });

    applySwitches();
    show();
})();
