// Line charts with uPlot, served from its WebJar (the version is the pom's uplot.version;
// ConsoleTests fails when the two differ).

import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/**
 * A chart of several series over one x axis, redrawn in place with update().
 *
 * @param element where the chart goes
 * @param options {time: whether x is epoch seconds, names: the series' names at first}
 */
export class LineChart {

	constructor(element, { time = true, height = 200, floor = null } = {}) {
		this.element = element;
		this.time = time;
		this.height = height;
		this.floor = floor;
		this.names = null;
		this.plot = null;
	}

	/** Draws x against each of the named series (arrays of the same length as x). */
	update(x, series) {
		const names = Object.keys(series);
		const data = [x, ...names.map((name) => series[name])];
		if (this.plot && sameNames(this.names, names)) {
			this.plot.setData(data);
			return;
		}
		this.plot?.destroy();
		this.names = names;
		this.plot = new uPlot({
			width: Math.max(280, this.element.clientWidth || 420),
			height: this.height,
			scales: { x: { time: this.time }, y: this.floor === null ? {} : { range: this.range.bind(this) } },
			// 24-hour labels at least 80 px apart: "14:05" fits, and 30 minutes on a
			// 300 px chart get a label every 10 minutes instead of overlapping ones.
			// Otherwise x counts positions in a series: whole-number ticks only.
			axes: this.time ? [{ values: hoursAndMinutes, space: 80 }, {}] : [{ incrs: WHOLE_STEPS }, {}],
			series: [{}, ...names.map((name, i) => ({ label: name, stroke: COLOURS[i % COLOURS.length], width: 2,
				spanGaps: true }))],
		}, data, this.element);
	}

}

/** From 0 to at least the floor, so a flat zero line sits at the bottom of a sensible scale. */
LineChart.prototype.range = function range(plot, min, max) {
	return [0, Math.max(max ?? 0, this.floor)];
};

function hoursAndMinutes(plot, splits) {
	return splits.map((split) => new Date(split * 1000)
		.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
}

function sameNames(a, b) {
	return a !== null && a.length === b.length && a.every((name, i) => name === b[i]);
}
