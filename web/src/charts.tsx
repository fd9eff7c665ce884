import { useEffect, useRef, type ReactNode } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.size = 16;
Chart.defaults.color = '#1a1a1a';
Chart.defaults.animation = false;

/** Colours with at least 3:1 contrast on white, told apart by dash and point style too. */
export const COLOURS = ['#0b4f8a', '#b3370b', '#2b6e1f', '#6a2c91', '#7a5a00'];

/**
 * A chart is a picture for those who see it; the same figures are in the table under it
 * (text alternative), and `summary` says in one sentence what it shows.
 */
export function ChartFigure({
  title,
  summary,
  config,
  table,
}: {
  title: string;
  summary: string;
  config: ChartConfiguration;
  table: ReactNode;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, ...config.options },
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`${title}. ${summary}`} />
      </div>
      <p className="chart-summary">{summary}</p>
      <details>
        <summary>Cijfers als tabel</summary>
        {table}
      </details>
    </figure>
  );
}
