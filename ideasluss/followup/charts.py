"""Charts drawn on the server: the geometry here, the SVG markup in templates/followup/_chart_*.

Every chart is an `<svg role="img">` named by its <title> and <desc>, writes its numbers as text
beside the bars (meaning never rests on colour alone) and is followed by its data table. No
script, no inline styles: fills come from CSS classes (static/css/app.css, "Follow-up").
"""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 200  # the text column on the left of horizontal bars
VALUE_WIDTH = 110  # room for the numbers right of the bars
ROW = 34
BAR = 22


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str = ""  # text at the bar's end
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"


@dataclass
class Chart:
    key: str  # unique on the page: ids are built from it
    title: str
    desc: str
    height: int
    bars: list = field(default_factory=list)
    texts: list = field(default_factory=list)  # (x, y, anchor, css, text)
    lines: list = field(default_factory=list)  # (x1, y1, x2, y2)
    legend: list = field(default_factory=list)  # (x, y, css, text)
    width: int = WIDTH


def _scale(value, largest, room):
    if not largest or not value:
        return 0
    return max(1.0, room * value / largest)


def funnel(key, title, desc, steps):
    """Centred horizontal bars, widest first: [(label, value, value text)] from received on."""
    height = ROW * len(steps) + 10
    chart = Chart(key, title, desc, height)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    centre = LABEL_WIDTH + room / 2
    largest = max((v for _, v, _ in steps), default=0)
    for i, (label, value, text) in enumerate(steps):
        y = 5 + i * ROW
        width = _scale(value, largest, room)
        chart.texts.append((LABEL_WIDTH - 10, y + BAR / 2 + 5, "end", "chart-label", label))
        chart.bars.append(
            Bar(
                centre - width / 2,
                y,
                width,
                BAR,
                f"chart-bar chart-step-{i}",
                text,
                WIDTH - VALUE_WIDTH + 10,
                y + BAR / 2 + 5,
            )
        )
    return chart


def horizontal_pairs(key, title, desc, groups, series):
    """Two bars per group, left-aligned: groups [(label, (a, b), (text a, text b))];
    series [(css, legend text)] for a and b."""
    pair = 2 * BAR + 6
    legend_height = 30
    height = legend_height + len(groups) * (pair + 14) + 6
    chart = Chart(key, title, desc, height)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 50  # the labels are longer: "90:e pct 137,0 d"
    largest = max((v or 0 for _, values, _ in groups for v in values), default=0)
    for n, (css, text) in enumerate(series):
        chart.legend.append((LABEL_WIDTH + n * 200, 8, css, text))
    for i, (label, values, texts) in enumerate(groups):
        y = legend_height + i * (pair + 14)
        chart.texts.append((LABEL_WIDTH - 10, y + pair / 2 + 5, "end", "chart-label", label))
        for n, (value, text) in enumerate(zip(values, texts, strict=True)):
            width = _scale(value or 0, largest, room)
            by = y + n * (BAR + 6)
            chart.bars.append(
                Bar(
                    LABEL_WIDTH,
                    by,
                    width,
                    BAR,
                    series[n][0],
                    text,
                    LABEL_WIDTH + width + 6,
                    by + BAR / 2 + 5,
                )
            )
    chart.lines.append((LABEL_WIDTH, legend_height - 4, LABEL_WIDTH, height - 4))
    return chart


def columns(key, title, desc, labels, values, texts, series):
    """Grouped vertical bars: one group per label (a year), one bar per series, the number
    written above each bar. values[s][i] is series s in group i."""
    plot_top, plot_bottom = 40, 230
    height = plot_bottom + 30
    chart = Chart(key, title, desc, height)
    left = 20
    group_width = (WIDTH - 2 * left) / max(1, len(labels))
    bar_width = min(48, (group_width - 24) / max(1, len(series)))
    largest = max((v for row in values for v in row), default=0)
    for n, (css, text) in enumerate(series):
        chart.legend.append((left + n * 200, 8, css, text))
    chart.lines.append((left, plot_bottom, WIDTH - left, plot_bottom))
    for i, label in enumerate(labels):
        gx = left + i * group_width + (group_width - bar_width * len(series)) / 2
        chart.texts.append(
            (left + (i + 0.5) * group_width, plot_bottom + 20, "middle", "chart-label", label)
        )
        for s in range(len(series)):
            h = _scale(values[s][i], largest, plot_bottom - plot_top - 20)
            x = gx + s * bar_width
            chart.bars.append(
                Bar(
                    x + 2,
                    plot_bottom - h,
                    bar_width - 4,
                    h,
                    series[s][0],
                    texts[s][i],
                    x + bar_width / 2,
                    plot_bottom - h - 6,
                    "middle",
                )
            )
    return chart
