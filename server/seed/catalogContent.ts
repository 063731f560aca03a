/**
 * The vocabulary of the demo catalog: kinds of product with their option axes and price bands, and fictional
 * brands. Kept apart from the generator so the generator stays readable. Prices are whole dollars here and
 * become integer cents in demo.ts.
 */

export interface OptionAxis {
  name: string;
  values: readonly string[];
  /** How many values one product uses (inclusive). */
  min: number;
  max: number;
  /** Sizes are taken as a contiguous run (S–L, not S, L, XXL); colours are sampled. */
  contiguous: boolean;
  /** Extra dollars per value index (storage tiers). */
  priceSteps?: readonly number[];
}

export interface ProductKind {
  category: string;
  department: 'apparel' | 'footwear' | 'home' | 'electronics' | 'accessories';
  nouns: readonly string[];
  adjectives: readonly string[];
  options: readonly OptionAxis[];
  priceDollars: readonly [number, number];
  /** Relative frequency in the catalog. */
  weight: number;
  features: readonly string[];
}

export interface Brand {
  name: string;
  code: string;
  /** US brands print UPC-A; European ones EAN-13. */
  symbology: 'upc' | 'ean';
}

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
const APPAREL_COLOURS = ['Black', 'White', 'Heather Grey', 'Navy', 'Olive', 'Burgundy', 'Sand', 'Forest Green', 'Sky Blue', 'Rust', 'Charcoal', 'Cream'] as const;
const SHOE_SIZES = ['6', '6.5', '7', '7.5', '8', '8.5', '9', '9.5', '10', '10.5', '11', '11.5', '12', '13'] as const;
const SHOE_COLOURS = ['Black', 'White', 'Tan', 'Brown', 'Navy', 'Grey'] as const;
const DEVICE_COLOURS = ['Midnight', 'Silver', 'Space Grey', 'Gold', 'Blue', 'Pink', 'Graphite'] as const;

const size = (min: number, max: number): OptionAxis => ({ name: 'Size', values: APPAREL_SIZES, min, max, contiguous: true });
const colour = (values: readonly string[], min: number, max: number): OptionAxis => ({ name: 'Colour', values, min, max, contiguous: false });

export const PRODUCT_KINDS: readonly ProductKind[] = [
  {
    category: 'T-Shirts',
    department: 'apparel',
    nouns: ['Crew Tee', 'Pocket Tee', 'V-Neck Tee', 'Long-Sleeve Tee', 'Graphic Tee'],
    adjectives: ['Organic Cotton', 'Heavyweight', 'Slub', 'Garment-Dyed', 'Supima', 'Vintage Wash', 'Everyday'],
    options: [size(3, 5), colour(APPAREL_COLOURS, 1, 3)],
    priceDollars: [18, 45],
    weight: 14,
    features: ['Pre-shrunk jersey that keeps its shape wash after wash.', 'Ribbed collar and a relaxed, true-to-size fit.', 'Made from 100% combed cotton.'],
  },
  {
    category: 'Sweatshirts & Hoodies',
    department: 'apparel',
    nouns: ['Pullover Hoodie', 'Zip Hoodie', 'Crewneck Sweatshirt', 'Half-Zip Fleece'],
    adjectives: ['Brushed Fleece', 'Loopback', 'Heavyweight', 'Recycled', 'Classic'],
    options: [size(3, 5), colour(APPAREL_COLOURS, 1, 2)],
    priceDollars: [45, 98],
    weight: 9,
    features: ['Soft brushed interior and a kangaroo pocket.', 'Ribbed cuffs and hem hold their shape.', 'Cotton-rich blend with 30% recycled polyester.'],
  },
  {
    category: 'Shirts',
    department: 'apparel',
    nouns: ['Oxford Shirt', 'Flannel Shirt', 'Linen Shirt', 'Chambray Shirt', 'Polo'],
    adjectives: ['Slim-Fit', 'Relaxed', 'Stretch', 'Washed', 'Tailored'],
    options: [size(3, 5), colour(APPAREL_COLOURS, 1, 2)],
    priceDollars: [39, 89],
    weight: 8,
    features: ['Button-down collar and a curved hem that works tucked or untucked.', 'Woven from breathable yarns for all-day comfort.', 'Mother-of-pearl style buttons.'],
  },
  {
    category: 'Jeans & Trousers',
    department: 'apparel',
    nouns: ['Straight Jeans', 'Slim Jeans', 'Chinos', 'Joggers', 'Cargo Pants', 'Shorts'],
    adjectives: ['Stretch', 'Rigid Selvedge', 'Everyday', 'Tapered', 'Relaxed'],
    options: [{ name: 'Waist', values: ['28', '29', '30', '31', '32', '33', '34', '36', '38'], min: 4, max: 6, contiguous: true }, colour(['Indigo', 'Black', 'Charcoal', 'Sand', 'Olive'], 1, 2)],
    priceDollars: [49, 129],
    weight: 7,
    features: ['Five-pocket styling with a mid rise.', 'Cotton with a touch of elastane for movement.', 'Reinforced stitching at stress points.'],
  },
  {
    category: 'Outerwear',
    department: 'apparel',
    nouns: ['Puffer Jacket', 'Rain Shell', 'Wool Overcoat', 'Denim Jacket', 'Fleece Vest', 'Parka'],
    adjectives: ['Packable', 'Waterproof', 'Insulated', 'Lightweight', 'Recycled Down'],
    options: [size(3, 5), colour(APPAREL_COLOURS, 1, 2)],
    priceDollars: [79, 349],
    weight: 6,
    features: ['Seam-sealed and rated for steady rain.', 'Two zip hand pockets and an internal media pocket.', 'Adjustable hood and hem to keep the weather out.'],
  },
  {
    category: 'Sneakers',
    department: 'footwear',
    nouns: ['Court Sneaker', 'Running Shoe', 'Trail Runner', 'Canvas Low-Top', 'Slip-On'],
    adjectives: ['Cushioned', 'Lightweight', 'Recycled Knit', 'Classic', 'All-Terrain'],
    options: [{ name: 'Size', values: SHOE_SIZES, min: 4, max: 8, contiguous: true }, colour(SHOE_COLOURS, 1, 2)],
    priceDollars: [59, 179],
    weight: 8,
    features: ['Responsive foam midsole and a grippy rubber outsole.', 'Breathable upper with a padded collar.', 'Removable insole fits most orthotics.'],
  },
  {
    category: 'Boots',
    department: 'footwear',
    nouns: ['Chelsea Boot', 'Hiking Boot', 'Chukka Boot', 'Work Boot'],
    adjectives: ['Waterproof', 'Suede', 'Full-Grain Leather', 'Insulated'],
    options: [{ name: 'Size', values: SHOE_SIZES, min: 4, max: 10, contiguous: true }],
    priceDollars: [99, 249],
    weight: 5,
    features: ['Goodyear-welted for resoling.', 'Lug sole for traction on wet streets.', 'Leather lining that moulds to your foot.'],
  },
  {
    category: 'Home & Kitchen',
    department: 'home',
    nouns: ['Scented Candle', 'Stoneware Mug', 'Throw Blanket', 'Cutting Board', 'Dutch Oven', 'Ceramic Vase', 'Linen Pillow Cover', 'Bath Towel'],
    adjectives: ['Hand-Poured', 'Speckled', 'Waffle-Knit', 'End-Grain Maple', 'Enamelled Cast-Iron', 'Reactive-Glaze', 'Stonewashed', 'Turkish Cotton'],
    options: [],
    priceDollars: [14, 189],
    weight: 12,
    features: ['Designed to be used every day and last for years.', 'Packed in plastic-free packaging.', 'Dishwasher safe unless noted.'],
  },
  {
    category: 'Phones & Tablets',
    department: 'electronics',
    nouns: ['Smartphone', 'Smartphone Pro', 'Tablet 11"', 'Tablet Mini'],
    adjectives: ['5G', 'Ultra', 'Lite', 'Max'],
    options: [{ name: 'Storage', values: ['64GB', '128GB', '256GB', '512GB', '1TB'], min: 2, max: 4, contiguous: true, priceSteps: [0, 100, 200, 400, 600] }, { name: 'Colour', values: DEVICE_COLOURS, min: 2, max: 3, contiguous: false }],
    priceDollars: [299, 1099],
    weight: 4,
    features: ['All-day battery with fast charging.', 'OLED display with adaptive refresh rate.', 'Unlocked for all major carriers.'],
  },
  {
    category: 'Audio',
    department: 'electronics',
    nouns: ['Wireless Earbuds', 'Over-Ear Headphones', 'Bluetooth Speaker', 'Smart Speaker'],
    adjectives: ['Noise-Cancelling', 'Waterproof', 'Studio', 'Compact', 'Sport'],
    options: [{ name: 'Colour', values: ['Black', 'White', 'Silver', 'Navy', 'Sand', 'Red', 'Forest Green'], min: 3, max: 5, contiguous: false }],
    priceDollars: [29, 399],
    weight: 5,
    features: ['Up to 30 hours of playback.', 'Multipoint Bluetooth 5.3 connection.', 'USB-C charging with a short-cable included.'],
  },
  {
    category: 'Smartwatches',
    department: 'electronics',
    nouns: ['Smartwatch', 'Fitness Tracker', 'GPS Sport Watch'],
    adjectives: ['Series 4', 'Active', 'Solar', 'Classic'],
    options: [{ name: 'Case Size', values: ['40mm', '42mm', '44mm', '46mm'], min: 2, max: 2, contiguous: true }, { name: 'Band', values: ['Black Sport', 'White Sport', 'Navy Loop', 'Tan Leather', 'Steel Link'], min: 2, max: 4, contiguous: false }],
    priceDollars: [99, 499],
    weight: 3,
    features: ['Heart-rate, sleep and SpO2 tracking.', 'Water resistant to 50 m.', 'Works with iOS and Android.'],
  },
  {
    category: 'Bags & Accessories',
    department: 'accessories',
    nouns: ['Backpack', 'Tote Bag', 'Beanie', 'Baseball Cap', 'Crossbody Bag', 'Duffel Bag'],
    adjectives: ['Waxed Canvas', 'Ripstop', 'Recycled Nylon', 'Ribbed Wool', 'Leather-Trim'],
    options: [colour(['Black', 'Navy', 'Olive', 'Tan', 'Charcoal', 'Burgundy', 'Rust'], 3, 5)],
    priceDollars: [19, 159],
    weight: 7,
    features: ['Padded laptop sleeve fits up to 16".', 'Water-resistant finish.', 'Lifetime repair guarantee.'],
  },
  {
    category: 'Belts',
    department: 'accessories',
    nouns: ['Leather Belt', 'Webbing Belt', 'Reversible Belt'],
    adjectives: ['Full-Grain', 'Braided', 'Classic', 'Vegetable-Tanned'],
    options: [{ name: 'Size', values: ['28', '30', '32', '34', '36', '38', '40', '42'], min: 3, max: 6, contiguous: true }, colour(['Black', 'Brown', 'Tan'], 1, 2)],
    priceDollars: [25, 85],
    weight: 3,
    features: ['Solid brass buckle.', 'Cut from a single hide.', 'Sized by trouser waist.'],
  },
];

export const BRANDS: Readonly<Record<ProductKind['department'], readonly Brand[]>> = {
  apparel: [
    { name: 'Northwind Supply', code: 'NWS', symbology: 'upc' },
    { name: 'Harbor & Pine', code: 'HBP', symbology: 'upc' },
    { name: 'Common Thread', code: 'CMT', symbology: 'upc' },
    { name: 'Fjellvik', code: 'FJV', symbology: 'ean' },
    { name: 'Maison Lune', code: 'MLN', symbology: 'ean' },
    { name: 'Ridgeline Outfitters', code: 'RDG', symbology: 'upc' },
  ],
  footwear: [
    { name: 'Stride Lab', code: 'STL', symbology: 'upc' },
    { name: 'Bergmann Schuh', code: 'BGS', symbology: 'ean' },
    { name: 'Cobble & Co.', code: 'CBC', symbology: 'upc' },
  ],
  home: [
    { name: 'Hearth Goods', code: 'HRG', symbology: 'upc' },
    { name: 'Kiln Studio', code: 'KLN', symbology: 'upc' },
    { name: 'Nordhem', code: 'NDH', symbology: 'ean' },
  ],
  electronics: [
    { name: 'Voltway', code: 'VLT', symbology: 'upc' },
    { name: 'Sonique', code: 'SNQ', symbology: 'ean' },
    { name: 'Pulse Audio', code: 'PLS', symbology: 'upc' },
  ],
  accessories: [
    { name: 'Carryall Works', code: 'CAW', symbology: 'upc' },
    { name: 'Harbor & Pine', code: 'HBP', symbology: 'upc' },
    { name: 'Atelier Vanne', code: 'ATV', symbology: 'ean' },
  ],
};

export const CARE_NOTES: Readonly<Record<ProductKind['department'], readonly string[]>> = {
  apparel: ['Machine wash cold, tumble dry low.', 'Wash inside out with like colours.', 'Cold wash; line dry to keep the colour.'],
  footwear: ['Wipe clean with a damp cloth.', 'Treat leather with conditioner twice a season.'],
  home: ['Hand wash recommended.', 'Oil wooden surfaces monthly.', 'Trim the wick to 5 mm before each use.'],
  electronics: ['Includes a 1-year limited warranty.', 'Ships with a USB-C cable; power adapter sold separately.'],
  accessories: ['Spot clean only.', 'Store flat and away from direct sunlight.'],
};

export const FIRST_NAMES = ['Ava', 'Liam', 'Maya', 'Noah', 'Sofia', 'Ethan', 'Priya', 'Mateo', 'Chloe', 'Jamal', 'Hannah', 'Diego', 'Grace', 'Omar', 'Lena', 'Caleb', 'Zoe', 'Ravi', 'Nora', 'Marcus', 'Elena', 'Tyrone', 'Mei', 'Lucas'] as const;
export const LAST_NAMES = ['Nguyen', 'Okafor', 'Rivera', 'Kowalski', 'Patel', 'Johnson', 'Rossi', 'Kim', 'Murphy', 'Haddad', 'Schmidt', 'Garcia', 'Brooks', 'Chen', 'Silva', 'Dubois', 'Cohen', 'Walker', 'Singh', 'Larsen'] as const;
