/**
 * Fifteen metrics with made-up but plausible values by (agent or store index, day index), as an
 * export carries them: counts, and the weighted rates and durations over them. Shared by the /kpi
 * and digest benches and the digest's 200-store test.
 */
export const FIFTEEN_METRICS: [string, (a: number, d: number) => number][] = [
  ['consult_users', (a, d) => 80 + ((a * 7 + d) % 40)],
  ['received_users', (a, d) => 75 + ((a * 5 + d) % 40)],
  ['inquiry_users', (a, d) => 30 + ((a + d) % 20)],
  ['paid_users', (a, d) => 10 + ((a + d) % 10)],
  ['sales_amount', (a, d) => 5000 + ((a * 131 + d * 17) % 5000)],
  ['first_response_s', (a, d) => 15 + ((a * 3 + d) % 30)],
  ['avg_response_s', (a, d) => 25 + ((a * 3 + d) % 40)],
  ['reply_rate', (a, d) => 0.9 + ((a + d) % 10) / 100],
  ['reply_3min_rate', (a, d) => 0.82 + ((a + d) % 17) / 100],
  ['answer_30s_rate', (a, d) => 0.7 + ((a + d) % 25) / 100],
  ['qa_ratio', (a, d) => 1 + ((a + d) % 8) / 10],
  ['satisfaction_rate', (a, d) => 0.9 + ((a + d) % 9) / 100],
  ['inquiry_conversion_rate', (a, d) => 0.3 + ((a + d) % 20) / 100],
  ['avg_order_value', (a, d) => 300 + ((a * 11 + d) % 200)],
  ['experience_score', (a, d) => 4.5 + ((a + d) % 5) / 10],
];
