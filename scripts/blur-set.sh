#!/usr/bin/env bash
# An independent blur set, made with FFmpeg's filters (not Vigie's generator, which the threshold
# was chosen on): other corpus photos, at their own size up to 2048 px, saved as JPEG; motion as a box
# along rows of a picture turned to an arbitrary angle, FFmpeg's directional blur (a decaying trail),
# two directional blurs at different angles (a bent shake), Gaussian defocus, noise on a blurred and
# on a sharp photo, and sharp subjects on soft or panned grounds (negatives).
#
#   scripts/blur-set.sh OUT [CORPUS]        # writes OUT/{blurred,sharp}-KIND-NN.jpg
#   vigie-eval blur --folder OUT --verbose   # scores them: recall per kind, false alarms
set -euo pipefail
out=${1:?usage: blur-set.sh OUT [CORPUS]}
corpus=${2:-../shared/corpus}
mkdir -p "$out"
# Sharp originals not in the tuning set (Sources/vigie-eval/BlurEvaluation.swift), of several
# cameras and scenes.
photos=(
  metadata/ianare/iphone_hdr_YES.jpg metadata/recurser/Landscape_0.jpg metadata/mei/Issue_308.jpg
  metadata/mei/Nokia_Lumia_800.jpg metadata/mei/Oppo_R7_Plus.jpg metadata/mei/Apple_iPhone_4.jpg
  metadata/mei/Issue_173_dotnet.jpg metadata/mei/Nikon_D5000.jpg people/face_recognition/obama-720p.jpg
  people/face_recognition/obama3.jpg metadata/ianare/fujifilm-dx10.jpg metadata/ianare/sony-powershota5.jpg
  metadata/mei/FLIR.jpg metadata/mei/Nokia_3110c_Mobile_Phone.jpg metadata/ianare/Reconyx_HC500_Hyperfire.jpg
  metadata/mei/Reconyx_HF2_Pro_Covert.jpg
)
# Angles that are not multiples of 45 degrees, one set per photo (deterministic).
angles=(17 33 62 78 104 121 151 166 8 52 97 139 24 71 113 158)
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y -noautorotate "$@"; }
box() { # row box of n pixels, as FFmpeg's convolution matrix (n odd, at most 49)
  local n=$1 m="" i
  for ((i = 0; i < n; i++)); do m+="1 "; done
  echo "convolution=0m='${m% }':1m='${m% }':2m='${m% }':0rdiv=1/$n:1rdiv=1/$n:2rdiv=1/$n:0mode=row:1mode=row:2mode=row"
}
# A box of n pixels at angle a: turn the picture (on a canvas large enough to keep it whole), blur
# along rows, turn back, cut the photo out again (W x H).
motion() {
  local n=$1 a=$2
  echo "rotate=$a*PI/180:ow=hypot(iw\,ih):oh=ow:fillcolor=gray,$(box "$n"),rotate=-$a*PI/180:fillcolor=gray,crop=$W:$H"
}
i=0
for p in "${photos[@]}"; do
  i=$((i + 1))
  n=$(printf %02d "$i")
  a=${angles[$(((i - 1) % ${#angles[@]}))]}
  b=$(((a + 45) % 180))
  src="$corpus/$p"
  [ -f "$src" ] || { echo "missing $src" >&2; exit 1; }
  # The photo at its own size up to 2048 px on the long side, displayed upright (as vigie shows it).
  base="$out/.base-$n.png"
  ff -i "$src" -vf "scale='if(gt(iw,ih),min(2048,iw),-2)':'if(gt(iw,ih),-2,min(2048,ih))':flags=area,format=rgb24" -frames:v 1 "$base"
  W=$(ffprobe -v error -select_streams v:0 -show_entries stream=width -of csv=p=0 "$base")
  H=$(ffprobe -v error -select_streams v:0 -show_entries stream=height -of csv=p=0 "$base")
  jpg() { ff -i "$base" -vf "$1" -q:v 3 -frames:v 1 "$out/$2-$n.jpg"; }
  jpg "null" sharp-photo
  jpg "noise=alls=6:allf=u" sharp-noisy
  jpg "split[a][b];[a]gblur=sigma=7[bg];[b]crop=iw*0.35:ih*0.5:iw*0.15:ih*0.25[fg];[bg][fg]overlay=W*0.15:H*0.25" sharp-subject-soft
  jpg "split[a][b];[a]$(motion 31 0)[bg];[b]crop=iw*0.35:ih*0.5:iw*0.5:ih*0.3[fg];[bg][fg]overlay=W*0.5:H*0.3" sharp-subject-panned
  jpg "$(motion 13 "$a")" blurred-motion-box13
  jpg "$(motion 21 "$a")" blurred-motion-box21
  jpg "$(motion 35 "$b")" blurred-motion-box35
  jpg "dblur=angle=$a:radius=6" blurred-motion-trail6
  jpg "dblur=angle=$b:radius=12" blurred-motion-trail12
  jpg "dblur=angle=$a:radius=7,dblur=angle=$b:radius=5" blurred-shake
  jpg "$(motion 17 "$b"),noise=alls=6:allf=u" blurred-motion-noisy
  jpg "gblur=sigma=2.5" blurred-gauss2.5
  jpg "gblur=sigma=4" blurred-gauss4
  jpg "gblur=sigma=7" blurred-gauss7
  rm -f "$base"
done
echo "$(ls "$out" | wc -l) images in $out"
