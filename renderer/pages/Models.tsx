/** #/models — a placeholder until the forecasting, anomaly and segmentation models exist. */
import { Card, EmptyState, Icon } from '../ui/components.js';

const PLANNED = [
  { title: 'Sales forecasts', text: 'The next weeks of sales for the shop, each category and each product, with honest ranges — drawn on the Overview trend and used for reorders.', icon: 'chart' },
  { title: 'Accuracy you can check', text: 'Every model is tested on your own history: “off by 12% on a typical week”, compared with simply repeating last week.', icon: 'check' },
  { title: 'Unusual days', text: 'A day far above or below what its weekday and season predict, a run of refunds, a price typed wrong at the till.', icon: 'alert' },
  { title: 'Customer segments', text: 'Champions, loyal, at risk, lost: who your customers are by how recently, how often and how much they buy.', icon: 'people' },
];

export function ModelsPage() {
  return (
    <div className="page" data-page="models">
      <Card className="span-full">
        <EmptyState title="Forecasts and models are on their way" icon="sparkle">
          This page will show the models Tillsight trains on your sales, how accurate they are, and what they found. Everything runs on this computer; nothing is sent
          anywhere.
        </EmptyState>
      </Card>
      <div className="grid-4">
        {PLANNED.map((p) => (
          <Card key={p.title} className="plan-card">
            <div className="plan-icon" aria-hidden="true">
              <Icon name={p.icon} size={22} />
            </div>
            <h3>{p.title}</h3>
            <p className="muted">{p.text}</p>
          </Card>
        ))}
      </div>
    </div>
  );
}
