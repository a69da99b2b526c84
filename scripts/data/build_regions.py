#!/usr/bin/env python3
# Builds src/core/data/regions.json from the sourced table ../shared/data/region_intensity.csv.
# Run once when the table changes: python3 scripts/data/build_regions.py ../shared/data/region_intensity.csv
# Every row keeps its source (deduplicated into a `sources` map) and its data year.
import csv, json, re, sys

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/region_intensity.csv'
rows = list(csv.DictReader(open(src)))
sources, regions = {}, []
for r in rows:
    s = r['source']
    sid = sources.setdefault(s, f"s{len(sources)}")
    years = [int(y) for y in re.findall(r'(?:19|20)\d\d', r['year'])]
    year = max(years) if years else 0
    provider = r['provider']
    # Azure rows come both as CCF ids ("eastus") and display names ("East US", "Germany North (Public)"): one key.
    region = re.sub(r'[^a-z0-9-]', '', re.sub(r'\(.*?\)', '', r['region'].lower())) if provider == 'azure' else r['region']
    key = f"{provider}:{region}" if provider != 'world' else 'world'
    regions.append({
        'key': key,
        'location': r['location'],
        'gCO2PerKWh': float(r['gCO2_per_kWh']),
        'year': year,
        'vintage': r['year'],
        'source': sid,
    })
# Rows without a data year are kept only where no dated row exists for the same key (their year: null).
dated = {r['key'] for r in regions if r['year']}
regions = [r for r in regions if r['year'] or r['key'] not in dated]
for r in regions:
    if not r['year']: r['year'] = None
used = {r['source'] for r in regions}
sources = {k: v for k, v in sources.items() if v in used}
out = {
    'version': 1,
    'description': 'Grid carbon intensity (gCO2eq/kWh), location-based, by cloud region and country (ISO 3166 alpha-3).',
    'sources': {v: k for k, v in sources.items()},
    'regions': regions,
}
json.dump(out, open('src/core/data/regions.json', 'w'), indent=0, ensure_ascii=False)
print(len(regions), 'regions,', len(sources), 'sources')
