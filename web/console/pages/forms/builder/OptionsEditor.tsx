/**
 * Editor of a list of options (choices, Likert rows or columns): each option has a stable value id
 * (the CSV and rollup key) and a bilingual label; add, reorder with buttons, delete.
 */
import { useLang } from '../../../lib/lang';
import { LocalTextField, PathText, pathId, useProblemsAt } from './inputs';
import { moveItem, nextId } from './model';

export interface Option {
  value: string;
  label: { vi: string; en?: string };
}

export function OptionsEditor(props: {
  legend: string;
  path: string;
  items: Option[];
  onItems: (items: Option[]) => void;
  /** Prefix of new value ids: o (options), r (rows), c (columns). */
  idPrefix: string;
  itemName: { vi: string; en: string };
}) {
  const { tr } = useLang();
  const { items, onItems, path } = props;
  const listErrors = useProblemsAt(path);
  const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
  const move = (i: number, d: -1 | 1) => {
    onItems(moveItem(items, i, d));
    const j = Math.max(0, Math.min(items.length - 1, i + d));
    focusLater(`${pathId(path)}-${d < 0 ? 'up' : 'down'}-${j}`);
  };
  return (
    <fieldset class="options">
      <legend>{props.legend}</legend>
      {listErrors.length ? <p class="error">{listErrors.join(' ')}</p> : null}
      <ol>
        {items.map((o, i) => (
          <li key={`${i}-${o.value}`} class="option-row">
            <PathText
              label={tr({ vi: `Mã ${props.itemName.vi} ${i + 1}`, en: `${props.itemName.en} ${i + 1} id` })}
              path={`${path}.${i}.value`}
              value={o.value}
              onValue={(x) => onItems(items.map((y, k) => (k === i ? { ...y, value: x } : y)))}
            />
            <LocalTextField
              label={tr({
                vi: `Nhãn ${props.itemName.vi} ${i + 1}`,
                en: `${props.itemName.en} ${i + 1} label`,
              })}
              path={`${path}.${i}.label`}
              value={o.label}
              onValue={(l) => onItems(items.map((y, k) => (k === i ? { ...y, label: l ?? { vi: '' } } : y)))}
            />
            <div class="row-actions">
              <button
                type="button"
                id={`${pathId(path)}-up-${i}`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={tr({
                  vi: `Chuyển ${props.itemName.vi} ${i + 1} lên`,
                  en: `Move ${props.itemName.en} ${i + 1} up`,
                })}
              >
                ↑
              </button>
              <button
                type="button"
                id={`${pathId(path)}-down-${i}`}
                disabled={i === items.length - 1}
                onClick={() => move(i, 1)}
                aria-label={tr({
                  vi: `Chuyển ${props.itemName.vi} ${i + 1} xuống`,
                  en: `Move ${props.itemName.en} ${i + 1} down`,
                })}
              >
                ↓
              </button>
              <button
                type="button"
                class="danger"
                onClick={() => {
                  onItems(items.filter((_, k) => k !== i));
                  focusLater(`${pathId(path)}-add`);
                }}
                aria-label={tr({
                  vi: `Xoá ${props.itemName.vi} ${i + 1}`,
                  en: `Delete ${props.itemName.en} ${i + 1}`,
                })}
              >
                {tr({ vi: 'Xoá', en: 'Delete' })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        id={`${pathId(path)}-add`}
        onClick={() => {
          const value = nextId(
            props.idPrefix,
            items.map((o) => o.value),
          );
          onItems([...items, { value, label: { vi: '' } }]);
          focusLater(pathId(`${path}.${items.length}.label.vi`));
        }}
      >
        + {tr({ vi: `Thêm ${props.itemName.vi}`, en: `Add ${props.itemName.en}` })}
      </button>
    </fieldset>
  );
}
