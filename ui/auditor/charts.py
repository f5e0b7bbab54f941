"""The auditor's charts (QtCharts): decisions per day by outcome, median time to a decision,
and each officer's workload. They follow the history's filter and are drawn from store
aggregates (`review.audit.queries.figures`) computed on a worker thread.
"""

from __future__ import annotations

import html
import logging
import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Final

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from review.audit.queries.figures import DayOutcomes, DecisionFigures, decision_figures
from review.audit.queries.terms import AuditFilter
from ui.auditor.labels import OUTCOME_COLOURS, actor_label, audit_outcome_label
from ui.common.operations import Lane, Operation
from ui.common.services import Services

log = logging.getLogger(__name__)

#: More days than this are drawn per ISO week, so the bars stay readable.
MAX_DAY_BARS: Final = 62
#: The workload chart shows the busiest officers.
MAX_OFFICERS: Final = 15
_LINE_COLOUR: Final = "#1a5fb4"


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSizeF(11)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setBackgroundRoundness(4)
    return chart


def _by_week(days: Sequence[DayOutcomes]) -> list[tuple[str, dict[str, int]]]:
    weeks: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day in days:
        year, week, _weekday = day.day.isocalendar()
        for outcome, count in day.counts.items():
            weeks[(year, week)][outcome] += count
    return [(f"{year}-W{week:02d}", dict(weeks[(year, week)])) for year, week in sorted(weeks)]


def _count_axis(highest: float, title: str = "") -> QValueAxis:
    """A value axis for counts: whole-number ticks at a round step, from zero."""
    step = 1.0
    while highest / step > 8:
        step *= 2.5 if str(int(step)).startswith("2") else 2.0  # 1, 2, 5, 10, 20, 50...
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setRange(0, max(step, math.ceil(highest / step) * step))
    if title:
        axis.setTitleText(title)
    return axis


def _bar_width(categories: int) -> float:
    # A lone bar filling the chart reads as a block, not a bar.
    return min(0.8, 0.12 * max(categories, 1))


class AuditCharts(QWidget):
    #: The figures were drawn (DecisionFigures).
    drawn = Signal(object)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditCharts")
        self._services = services
        self._filter = AuditFilter()
        self._stale = True
        self._generation = 0
        self.figures: DecisionFigures | None = None
        self.per_day = self._view("decisionsPerDay")
        self.median = self._view("medianTime")
        self.workload = self._view("officerWorkload")
        self.note = QLabel()
        self.note.setObjectName("chartsNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #5b6b82")
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note, 0, 0, 1, 2)
        layout.addWidget(self.per_day, 1, 0, 1, 2)
        layout.addWidget(self.median, 2, 0)
        layout.addWidget(self.workload, 2, 1)
        layout.setRowStretch(1, 1)
        layout.setRowStretch(2, 1)

    @staticmethod
    def _view(name: str) -> QChartView:
        view = QChartView()
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(240)
        return view

    # -- refreshing -----------------------------------------------------------------------------

    def set_filter(self, audit_filter: AuditFilter) -> None:
        """Follow the history's filter; the figures are recomputed when the charts are shown."""
        self._filter = audit_filter
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        store, audit_filter = self._services.store, self._filter
        self.note.setText(self.tr("Counting the decisions…"))
        (
            Operation(
                self,
                lambda: decision_figures(store, audit_filter),
                pools=self._services.pools,
                errors=self._services.errors,
                title=self.tr("Audit charts"),
                lane=Lane.READ,
            )
            .on_success(lambda figures: self._on_figures(generation, figures))
            .run_in_background()
        )

    def _on_figures(self, generation: int, figures: DecisionFigures) -> None:
        if generation != self._generation:
            return
        self.figures = figures
        decisions = sum(w.total for w in figures.workload)
        self.note.setText(
            self.tr(
                "{0} decisions match the history's filter (whatever action it names). "
                "Days are UTC days."
            ).format(f"{decisions:,}")
        )
        self._replace(self.per_day, self._per_day_chart(figures))
        self._replace(self.median, self._median_chart(figures))
        self._replace(self.workload, self._workload_chart(figures))
        self.drawn.emit(figures)

    @staticmethod
    def _replace(view: QChartView, chart: QChart) -> None:
        previous = view.chart()
        view.setChart(chart)
        if previous is not None:
            previous.deleteLater()  # the view gives up ownership of the chart it replaced

    # -- the three charts -----------------------------------------------------------------------

    def _bar_sets(self, outcomes: Sequence[str], rows: Sequence[dict[str, int]]) -> list[QBarSet]:
        sets = []
        for outcome in outcomes:
            bar_set = QBarSet(audit_outcome_label(outcome))
            bar_set.append([float(row.get(outcome, 0)) for row in rows])
            colour = OUTCOME_COLOURS.get(outcome)
            if colour:
                bar_set.setColor(QColor(colour))
                bar_set.setBorderColor(QColor(colour))
            sets.append(bar_set)
        return sets

    def _per_day_chart(self, figures: DecisionFigures) -> QChart:
        if len(figures.per_day) > MAX_DAY_BARS:
            chart = _chart(self.tr("Decisions per week by outcome"))
            labelled = _by_week(figures.per_day)
        else:
            chart = _chart(self.tr("Decisions per day by outcome"))
            labelled = [(d.day.strftime("%m-%d"), d.counts) for d in figures.per_day]
        series = QStackedBarSeries()
        for bar_set in self._bar_sets(figures.outcomes, [counts for _l, counts in labelled]):
            series.append(bar_set)
        series.setBarWidth(_bar_width(len(labelled)))
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([label for label, _counts in labelled] or [""])
        categories.setLabelsAngle(-90 if len(labelled) > 14 else 0)
        tallest = max((sum(c.values()) for _l, c in labelled), default=0)
        values = _count_axis(tallest, self.tr("Decisions"))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        return chart

    def _median_chart(self, figures: DecisionFigures) -> QChart:
        chart = _chart(self.tr("Median time from submission to decision"))
        series = QLineSeries()
        series.setName(self.tr("Median hours per day"))
        series.setPointsVisible(True)
        series.setPen(QPen(QColor(_LINE_COLOUR), 2))
        for point in figures.median_per_day:
            moment = datetime.combine(point.day, time(12), tzinfo=UTC)
            series.append(moment.timestamp() * 1000, point.median_hours)
        chart.addSeries(series)
        days = QDateTimeAxis()
        days.setFormat("MM-dd")
        days.setTickCount(min(8, max(2, len(figures.median_per_day))))
        first = figures.median_per_day[0].day if figures.median_per_day else date.today()
        last = figures.median_per_day[-1].day if figures.median_per_day else date.today()
        days.setRange(
            QDateTime(QDate(first.year, first.month, first.day), QTime(0, 0), QTimeZone.utc()),
            QDateTime(QDate(last.year, last.month, last.day), QTime(23, 59), QTimeZone.utc()),
        )
        hours = QValueAxis()
        hours.setTitleText(self.tr("Hours"))
        hours.setLabelFormat("%.1f")
        highest = max((p.median_hours for p in figures.median_per_day), default=0.0)
        hours.setRange(0, max(1.0, highest * 1.1))
        hours.applyNiceNumbers()
        chart.addAxis(days, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(hours, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(days)
        series.attachAxis(hours)
        chart.legend().hide()
        return chart

    def _workload_chart(self, figures: DecisionFigures) -> QChart:
        chart = _chart(self.tr("Decisions per officer"))
        busiest = list(figures.workload[:MAX_OFFICERS])[::-1]  # the busiest at the top
        series = QHorizontalStackedBarSeries()
        for bar_set in self._bar_sets(figures.outcomes, [w.counts for w in busiest]):
            series.append(bar_set)
        series.setBarWidth(_bar_width(len(busiest)))
        chart.addSeries(series)
        officers = QBarCategoryAxis()
        # Chart labels are rich text: a name from the log is escaped, never markup.
        officers.append([html.escape(actor_label(w.officer)) for w in busiest] or [""])
        values = _count_axis(max((w.total for w in busiest), default=0))
        chart.addAxis(officers, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(officers)
        series.attachAxis(values)
        return chart
