/** Warnings written for the tests: a red rainstorm warning for 随县 as CAP 1.2 and as the national platform's format. */
export const cap12 = (body: string, root = 'xmlns="urn:oasis:names:tc:emergency:cap:1.2"') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<alert ${root}>${body}</alert>`;

export const header = `
  <identifier>42132141600000_20260712020500</identifier>
  <sender>随县气象台</sender>
  <sent>2026-07-12T02:05:00+08:00</sent>
  <status>Actual</status>`;

export const info = (extra = '') => `
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>暴雨</event>
    <urgency>Immediate</urgency>
    <severity>Extreme</severity>
    <certainty>Likely</certainty>
    <effective>2026-07-12T02:05:00+08:00</effective>
    <expires>2026-07-12T14:00:00+08:00</expires>
    <headline>随县气象台发布暴雨红色预警信号</headline>
    <description>过去3小时厉山镇、殷店镇降雨量已达100毫米以上，且降雨将持续。</description>
    <instruction>立即转移危险区域人员，停止户外作业。</instruction>
    ${extra}
    <area>
      <areaDesc>厉山镇、殷店镇</areaDesc>
      <polygon>31.80,113.10 31.90,113.10 31.90,113.30 31.80,113.10</polygon>
      <circle>31.85,113.20 5.5</circle>
      <geocode><valueName>GB/T 2260</valueName><value>421321101000</value></geocode>
    </area>
  </info>`;

/** A red rainstorm warning for 随县, written for these tests. */
export const redRainstorm = cap12(`${header}
  <msgType>Alert</msgType>
  <scope>Public</scope>${info()}`);

/** The national platform's format, as the 河南 sample has it, for 随县. */
export const national = (body = '') => `<?xml version="1.0" encoding="UTF-8"?>
<alert>
  <identifier>42132141600000_20260712020500</identifier>
  <sender>随县气象局</sender>
  <senderCode>42132141600000</senderCode>
  <sendTime>2026-07-12 02:05:00+08:00</sendTime>
  <status>Actual</status>
  <msgType>Update</msgType>
  <scope>Public</scope>
  <secClassification>None</secClassification>
  <note/>
  <references>42132141600000_20260711180000</references>
  <info>
    <language>zh-CN</language>
    <eventType>11B03</eventType>
    <urgency>Unknown</urgency>
    <severity>Red</severity>
    <certainty>Unknown</certainty>
    <effective>2026-07-12 02:07:42+08:00</effective>
    <onset/>
    <expires/>
    <senderName>值班员</senderName>
    <headline>随县气象局升级暴雨红色预警[I级/特别严重]</headline>
    <description>预计未来3小时厉山镇、殷店镇降雨量将达100毫米以上。</description>
    <instruction/>
    <area>
      <areaDesc>厉山镇,殷店镇</areaDesc>
      <polygon/>
      <circle/>
      <geocode>${body || '421321101000,421321107,'}</geocode>
    </area>
  </info>
</alert>`;
