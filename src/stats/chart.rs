//! `escala stats --png`: the daily series, CSAT (distribution and daily
//! average), first-response times and SLA compliance per level drawn with
//! plotters into one PNG, with an embedded font (DejaVu Sans,
//! `assets/fonts/`) so no system font library is needed.

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use super::figures::human_secs;
use super::report::Report;

/// Width and height of the PNG, in pixels.
pub const CHART_SIZE: (u32, u32) = (1200, 1350);

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

const BLUE: RGBColor = RGBColor(31, 119, 180);
const ORANGE: RGBColor = RGBColor(255, 127, 14);
const GREEN: RGBColor = RGBColor(44, 160, 44);
const PURPLE: RGBColor = RGBColor(148, 103, 189);
const RED: RGBColor = RGBColor(214, 39, 40);

/// First-response buckets: upper bound in seconds and label.
const RESPONSE_BUCKETS: [(i64, &str); 5] =
    [(15 * 60, "< 15 min"), (3600, "15–60 min"), (4 * 3600, "1–4 h"), (86_400, "4–24 h"), (i64::MAX, "> 1 day")];

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font cannot be loaded")]
    Font,
    #[error("{0}")]
    Draw(String),
}

fn draw_error(error: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(error.to_string())
}

fn register_embedded_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    if *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok()) {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// Draws the report's charts into a PNG file at `path`.
pub fn draw_png(report: &Report, path: &Path) -> Result<(), ChartError> {
    register_embedded_font()?;
    let root = BitMapBackend::new(path, CHART_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(draw_error)?;
    let title =
        format!("escala support, {} to {} (UTC)", report.since.format("%Y-%m-%d"), report.until.format("%Y-%m-%d"));
    let root = root.titled(&title, (FAMILY, 30)).map_err(draw_error)?;
    let rows = root.split_evenly((3, 1));
    let [top, middle, bottom] = rows.as_slice() else { return Err(ChartError::Draw("layout".into())) };
    let (csat_left, csat_right) = middle.split_horizontally(CHART_SIZE.0 / 2);
    let (response, sla) = bottom.split_horizontally(CHART_SIZE.0 / 2);
    daily_series(top, report)?;
    csat_distribution(&csat_left, report)?;
    csat_trend(&csat_right, report)?;
    response_distribution(&response, report)?;
    sla_per_level(&sla, report)?;
    root.present().map_err(draw_error)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;
/// Reads one series' value from a day.
type DayValue = fn(&super::report::DayCount) -> u64;
/// Reads one bar's compliance from a level.
type LevelRate = fn(&super::sla::LevelCompliance) -> Option<f64>;

fn daily_series(area: &Area, report: &Report) -> Result<(), ChartError> {
    let days = &report.daily;
    let highest = days.iter().map(|d| d.conversations.max(d.tickets).max(d.resolved)).max().unwrap_or(0);
    // Headroom above the highest point keeps the legend off the lines.
    let y_top = (highest + highest / 3 + 1).max(4);
    let x_last = days.len().saturating_sub(1).max(1);
    let mut chart = ChartBuilder::on(area)
        .caption("Daily volume", (FAMILY, 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0..x_last, 0..y_top)
        .map_err(draw_error)?;
    let date_of = |i: &usize| days.get(*i).map(|d| d.date.format("%b %d").to_string()).unwrap_or_default();
    chart
        .configure_mesh()
        .x_labels(days.len().clamp(2, 12))
        .x_label_formatter(&date_of)
        .x_desc("day")
        .y_desc("count")
        .label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 16))
        .draw()
        .map_err(draw_error)?;
    let series: [(&str, RGBColor, DayValue); 3] = [
        ("conversations", BLUE, |d| d.conversations),
        ("tickets opened", ORANGE, |d| d.tickets),
        ("tickets resolved", GREEN, |d| d.resolved),
    ];
    for (label, color, value) in series {
        let points: Vec<(usize, u64)> = days.iter().enumerate().map(|(i, d)| (i, value(d))).collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))
            .map_err(draw_error)?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(3)));
        chart.draw_series(points.into_iter().map(|p| Circle::new(p, 4, color.filled()))).map_err(draw_error)?;
    }
    legend_box(&mut chart)
}

/// A bar chart over labelled buckets, with the legend naming what is counted.
fn bars(
    area: &Area,
    caption: &str,
    x_desc: &str,
    labels: &[String],
    counts: &[u64],
    legend: &str,
    color: RGBColor,
) -> Result<(), ChartError> {
    let highest = counts.iter().copied().max().unwrap_or(0);
    let y_top = (highest + highest / 3 + 1).max(4);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FAMILY, 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d((0..labels.len() as u32 - 1).into_segmented(), 0..y_top)
        .map_err(draw_error)?;
    let label_of = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(labels.len())
        .x_label_formatter(&label_of)
        .x_desc(x_desc)
        .y_desc("tickets")
        .label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 16))
        .draw()
        .map_err(draw_error)?;
    let data = counts.iter().enumerate().map(|(i, n)| (i as u32, *n));
    chart
        .draw_series(Histogram::vertical(&chart).style(color.mix(0.85).filled()).margin(12).data(data))
        .map_err(draw_error)?
        .label(legend)
        .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled()));
    legend_box(&mut chart)
}

fn csat_distribution(area: &Area, report: &Report) -> Result<(), ChartError> {
    let labels: Vec<String> = (1..=5).map(|s| format!("{s}★")).collect();
    let counts: Vec<u64> = (1..=5).map(|s| report.csat.distribution.get(&s).copied().unwrap_or(0)).collect();
    let legend = match report.csat.average {
        Some(avg) => format!("ratings: {}, average {avg:.2}", report.csat.count),
        None => "ratings: none yet".to_string(),
    };
    bars(area, "CSAT ratings", "score (1 = very poor, 5 = excellent)", &labels, &counts, &legend, PURPLE)
}

fn legend_box<'a, DB, CT>(chart: &mut ChartContext<'a, DB, CT>) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .label_font((FAMILY, 15))
        .draw()
        .map_err(draw_error)
}

/// The daily average rating, a point per day that had ratings.
fn csat_trend(area: &Area, report: &Report) -> Result<(), ChartError> {
    let days = &report.csat.trend;
    let x_last = days.len().saturating_sub(1).max(1);
    let mut chart = ChartBuilder::on(area)
        .caption("CSAT over time", (FAMILY, 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0..x_last, 0.0..6.5f64)
        .map_err(draw_error)?;
    let date_of = |i: &usize| days.get(*i).map(|d| d.date.format("%b %d").to_string()).unwrap_or_default();
    chart
        .configure_mesh()
        .x_labels(days.len().clamp(2, 8))
        .x_label_formatter(&date_of)
        .y_labels(7)
        .y_label_formatter(&|v: &f64| if (1.0..=5.0).contains(v) { format!("{v:.0}★") } else { String::new() })
        .x_desc("day")
        .y_desc("average score")
        .label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 16))
        .draw()
        .map_err(draw_error)?;
    let points: Vec<(usize, f64)> =
        days.iter().enumerate().filter_map(|(i, d)| d.average.map(|avg| (i, avg))).collect();
    let legend = match report.csat.average {
        Some(avg) => format!("daily average ({} ratings, overall {avg:.2})", report.csat.count),
        None => "daily average: no ratings yet".to_string(),
    };
    chart
        .draw_series(LineSeries::new(points.clone(), PURPLE.stroke_width(3)))
        .map_err(draw_error)?
        .label(legend)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], PURPLE.stroke_width(3)));
    chart.draw_series(points.into_iter().map(|p| Circle::new(p, 5, PURPLE.filled()))).map_err(draw_error)?;
    legend_box(&mut chart)
}

/// Finished clocks kept, per level: first response and resolution side by
/// side, the level's name under each pair.
fn sla_per_level(area: &Area, report: &Report) -> Result<(), ChartError> {
    let levels = &report.sla.by_level;
    let n = levels.len().max(1);
    // Level i is centred on x = i, so the axis' integer labels name them.
    let mut chart = ChartBuilder::on(area)
        .caption("SLA compliance per level", (FAMILY, 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..130.0f64)
        .map_err(draw_error)?;
    let name_of = |v: &f64| {
        let i = v.round();
        let exact = (v - i).abs() < 1e-6 && i >= 0.0;
        exact.then(|| levels.get(i as usize).map(|l| l.level.to_string())).flatten().unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n + 1)
        .x_label_formatter(&name_of)
        .y_labels(7)
        .y_label_formatter(&|v: &f64| if *v <= 100.0 { format!("{v:.0} %") } else { String::new() })
        .x_desc("level")
        .y_desc("clocks kept")
        .label_style((FAMILY, 14))
        .axis_desc_style((FAMILY, 16))
        .draw()
        .map_err(draw_error)?;
    let series: [(&str, RGBColor, f64, LevelRate); 2] =
        [("first response", BLUE, -0.36, |l| l.first_response.rate), ("resolution", RED, 0.02, |l| l.resolution.rate)];
    for (label, color, offset, rate) in series {
        let bars = levels.iter().enumerate().filter_map(|(i, l)| {
            let x = i as f64 + offset;
            rate(l).map(|r| Rectangle::new([(x, 0.0), (x + 0.34, r * 100.0)], color.mix(0.85).filled()))
        });
        chart
            .draw_series(bars)
            .map_err(draw_error)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled()));
    }
    legend_box(&mut chart)
}

fn response_distribution(area: &Area, report: &Report) -> Result<(), ChartError> {
    let labels: Vec<String> = RESPONSE_BUCKETS.iter().map(|(_, l)| l.to_string()).collect();
    let mut counts = vec![0u64; RESPONSE_BUCKETS.len()];
    for secs in &report.first_response_samples {
        let bucket = RESPONSE_BUCKETS.iter().position(|(upper, _)| secs < upper).unwrap_or(counts.len() - 1);
        counts[bucket] += 1;
    }
    let legend = match report.first_response.wall.median_secs {
        Some(median) => format!("tickets: {}, median {}", report.first_response.wall.count, human_secs(median)),
        None => "tickets answered: none yet".to_string(),
    };
    bars(area, "First response time", "time to the first agent reply", &labels, &counts, &legend, BLUE)
}
