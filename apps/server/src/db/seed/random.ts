/** Deterministic helpers for demo data: the same county always gets the same records. */

/** A small seeded generator (mulberry32): demo data must not change between runs. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵万钱武戴孔汤庞樊殷施陶洪翟安颜倪严牛温季俞章鲁葛伍申聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁舒耿詹关苗凌费纪靳盛童甄项游阳裴卫屈鲍霍翁甘柯阮桂闵';
const surnameList = surnames.split('');
const givenChars =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国建华志强志明红梅海燕春梅德明德华永红永强玉兰玉梅俊杰晓东晓明丽娟凤英国华国强金凤长春广明新华振华家明少华'.split(
    '',
  );

export function personName(random: ReturnType<typeof generator>): string {
  const given = random.chance(0.6)
    ? random.pick(givenChars) + random.pick(givenChars)
    : random.pick(givenChars);
  return random.pick(surnameList) + given;
}

export type Random = ReturnType<typeof generator>;
